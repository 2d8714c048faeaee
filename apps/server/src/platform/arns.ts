// ARNs in SageMaker's format, arn:aws:sagemaker:<region>:<account>:<type>/<name>.
export interface Arns {
  region: string;
  accountId: string;
  domain(domainId: string): string;
  userProfile(domainId: string, profileName: string): string;
  app(domainId: string, owner: string, appType: string, appName: string): string;
  image(name: string): string;
  imageVersion(name: string, version: number): string;
  appImageConfig(name: string): string;
  /** training-job, processing-job, transform-job, model, endpoint-config, endpoint */
  named(type: string, name: string): string;
  parse(arn: string): { type: string; resource: string } | undefined;
  /** The installation's execution role: what a domain has when its creator names none. */
  executionRole: string;
  /** An IAM user's ARN, as GetCallerIdentity names a caller with a long-term key. */
  iamUser(username: string): string;
  /** A session of a role, as GetCallerIdentity names a caller with temporary credentials. */
  assumedRole(roleArn: string, sessionName: string): string;
}

/** The role's name (the last part of its path) from an IAM role ARN. */
export const roleName = (roleArn: string) => roleArn.slice(roleArn.lastIndexOf('/') + 1);

export function createArns(region: string, accountId: string): Arns {
  const prefix = `arn:aws:sagemaker:${region}:${accountId}:`;
  return {
    region,
    accountId,
    domain: (domainId) => `${prefix}domain/${domainId}`,
    userProfile: (domainId, profileName) => `${prefix}user-profile/${domainId}/${profileName}`,
    // SageMaker lower-cases the app type in app ARNs: app/d-xxx/alice/kernelgateway/name
    app: (domainId, owner, appType, appName) => `${prefix}app/${domainId}/${owner}/${appType.toLowerCase()}/${appName}`,
    image: (name) => `${prefix}image/${name}`,
    imageVersion: (name, version) => `${prefix}image-version/${name}/${version}`,
    appImageConfig: (name) => `${prefix}app-image-config/${name}`,
    // SageMaker lower-cases these names in ARNs.
    named: (type, name) => `${prefix}${type}/${name.toLowerCase()}`,
    executionRole: `arn:aws:iam::${accountId}:role/service-role/TesseraExecutionRole`,
    iamUser: (username) => `arn:aws:iam::${accountId}:user/${username}`,
    assumedRole: (roleArn, sessionName) => `arn:aws:sts::${accountId}:assumed-role/${roleName(roleArn)}/${sessionName}`,
    parse(arn) {
      if (!arn.startsWith(prefix)) return undefined;
      const rest = arn.slice(prefix.length);
      const slash = rest.indexOf('/');
      return slash < 0 ? undefined : { type: rest.slice(0, slash), resource: rest.slice(slash + 1) };
    },
  };
}
