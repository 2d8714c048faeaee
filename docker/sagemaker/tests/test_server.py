"""The HTTP server: keep-alive, Content-Length, chunked bodies, errors as status codes."""
import http.client
import io
import json
import os
import socket
import threading
import unittest
from unittest import mock

from tessera_sagemaker import server
from tessera_sagemaker.http_errors import HttpError


class Echo:
    def invoke(self, body, content_type, accept):
        if body == b"boom":
            raise KeyError("boom")
        if body == b"415":
            raise HttpError(415, "no such type")
        return body.upper(), content_type or "application/octet-stream"


class Server(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.httpd = server.Server(("127.0.0.1", 0), server.Handler)
        cls.httpd.app, cls.httpd.batch = Echo(), True
        cls.port = cls.httpd.server_address[1]
        threading.Thread(target=cls.httpd.serve_forever, daemon=True).start()

    @classmethod
    def tearDownClass(cls):
        cls.httpd.shutdown()
        cls.httpd.server_close()

    def test_keep_alive_connection_serves_many_requests(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        for i in range(5):
            conn.request("POST", "/invocations", body=f"abc{i}", headers={"Content-Type": "text/plain"})
            r = conn.getresponse()
            self.assertEqual((r.status, r.read(), r.getheader("Content-Type")), (200, f"ABC{i}".encode(), "text/plain"))
        first_socket = conn.sock
        conn.request("GET", "/ping")
        self.assertEqual(conn.getresponse().status, 200)
        self.assertIs(conn.sock, first_socket)
        conn.close()

    def test_chunked_request_body(self):
        s = socket.create_connection(("127.0.0.1", self.port))
        s.sendall(b"POST /invocations HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                  b"3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n")
        reply = b""
        while chunk := s.recv(4096):
            reply += chunk
        s.close()
        self.assertTrue(reply.startswith(b"HTTP/1.1 200 OK\r\n"))
        self.assertIn(b"Content-Length: 5\r\n", reply)
        self.assertTrue(reply.endswith(b"\r\n\r\nABCDE"))

    def test_errors(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        with mock.patch("sys.stderr", new_callable=io.StringIO) as log:
            for body, status, text in [(b"boom", 500, "KeyError: 'boom'"), (b"415", 415, "no such type")]:
                conn.request("POST", "/invocations", body=body)
                r = conn.getresponse()
                self.assertEqual((r.status, r.read().decode()), (status, text))
        self.assertIn("Traceback", log.getvalue())  # the 500's cause is in the endpoint's log
        conn.request("GET", "/nope")
        r = conn.getresponse()
        r.read()
        self.assertEqual(r.status, 404)
        conn.close()

    def test_execution_parameters(self):
        os.environ.update(SAGEMAKER_MAX_CONCURRENT_TRANSFORMS="3", SAGEMAKER_BATCH_STRATEGY="SINGLE_RECORD", SAGEMAKER_MAX_PAYLOAD_IN_MB="12")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port)
            conn.request("GET", "/execution-parameters")
            r = conn.getresponse()
            self.assertEqual(json.loads(r.read()), {"MaxConcurrentTransforms": 3, "BatchStrategy": "SingleRecord", "MaxPayloadInMB": 12})
            conn.close()
        finally:
            for k in ("SAGEMAKER_MAX_CONCURRENT_TRANSFORMS", "SAGEMAKER_BATCH_STRATEGY", "SAGEMAKER_MAX_PAYLOAD_IN_MB"):
                del os.environ[k]


if __name__ == "__main__":
    unittest.main()
