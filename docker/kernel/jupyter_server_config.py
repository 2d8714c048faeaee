# Configuration for every Jupyter server Tessera starts (process backend: passed with --config;
# kernel images: copied to /etc/jupyter/). Tessera's proxy authenticates users and checks the
# browser's Origin itself; the server below it only ever sees Tessera, which holds the token.
import os

c = get_config()  # noqa: F821

# The token arrives in the environment (never on the command line) and is taken out of it, so
# kernels and terminals started by this server do not inherit it.
if "JUPYTER_TOKEN" in os.environ:
    c.ServerApp.token = os.environ.pop("JUPYTER_TOKEN")

c.ServerApp.open_browser = False
c.ServerApp.allow_root = True
c.ServerApp.allow_origin = "*"
c.ServerApp.disable_check_xsrf = True
c.ServerApp.allow_remote_access = True
c.ServerApp.tornado_settings = {"websocket_ping_interval": 30}
c.ContentsManager.allow_hidden = True


def _kernel_websockets_without_nagle():
    # jupyter-server 1.23 never sets TCP_NODELAY on kernel WebSockets, so every reply waits for
    # the client's delayed ACK (~40 ms per execute). Turning Nagle off makes it ~3 ms.
    try:
        from jupyter_server.services.kernels.handlers import ZMQChannelsHandler
    except ImportError:
        return
    original_open = ZMQChannelsHandler.open

    def open_without_nagle(self, *args, **kwargs):
        try:
            self.set_nodelay(True)
        except Exception:
            pass
        return original_open(self, *args, **kwargs)

    ZMQChannelsHandler.open = open_without_nagle


_kernel_websockets_without_nagle()
