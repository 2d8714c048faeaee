"""Errors an inference handler raises to choose the HTTP answer; anything else is a 500."""


class HttpError(Exception):
    def __init__(self, status, message):
        super().__init__(message)
        self.status = status


class UnsupportedMediaType(HttpError):
    def __init__(self, message):
        super().__init__(415, message)
