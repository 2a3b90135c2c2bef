"""A web server that is not an API: every request gets an HTML page (a wrong api_url, a proxy's error page).

It logs each request as the simulators do, so a test can prove that nothing was sent that changes anything.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PAGE = b"<!DOCTYPE html><html><head><title>Company portal</title></head><body><h1>Welcome</h1></body></html>"


class HtmlServer:
    """Answers every method on every path with ``status`` and an HTML page; ``requests`` lists (method, path)."""

    token = "html-server-token"

    def __init__(self, status=200):
        self.status = status
        self.requests = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self):
        return "http://127.0.0.1:%d" % self._server.server_address[1]

    def mutating(self):
        return [entry for entry in self.requests if entry[0] in ("POST", "PUT", "PATCH", "DELETE")]

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._server.shutdown()
        self._server.server_close()

    def _handler(self):
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self):
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                server.requests.append((self.command, self.path.split("?", 1)[0]))
                self.send_response(server.status)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(PAGE)))
                self.end_headers()
                self.wfile.write(PAGE)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _answer

            def log_message(self, *args):
                pass

        return Handler
