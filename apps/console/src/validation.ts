// The name rules the server enforces, checked as the admin types (the server checks again).
export const ENTITY_NAME = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
export const USERNAME = /^[a-zA-Z0-9][a-zA-Z0-9._@-]{0,63}$/;
export const GROUP_NAME = /^[a-zA-Z0-9][a-zA-Z0-9._-]{0,63}$/;
