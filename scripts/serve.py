#!/usr/bin/env python3
"""Static server for the demo (web/) on 127.0.0.1, standard library only.

Unlike `python3 -m http.server` it sends the two headers that make the page
cross-origin isolated, which is what lets the client load the threads build:

  Cross-Origin-Opener-Policy: same-origin
  Cross-Origin-Embedder-Policy: require-corp

plus Cross-Origin-Resource-Policy: cross-origin on every file: they are
public, and a course page that is itself isolated may embed the demo in an
<iframe> from another origin only if the demo's responses allow it. --no-isolation leaves
them out (the page then runs single-threaded). Files are sent with
Cache-Control: no-cache so a rebuilt module is never served stale.

Every response also carries X-Content-Type-Options: nosniff (a file is only
ever what its extension says) and a Content-Security-Policy (POLICY below);
folders are never listed (404), only files are served.
"""
import argparse
import functools
import http.server
import os
import sys


# What the page may load and run. Everything comes from this origin; the
# exceptions, each needed by something the page really does:
#   'unsafe-eval'        Embind (the WASM bindings' JS glue) builds its call
#                        wrappers with new Function(); without it no binding
#                        works. It also allows WebAssembly compilation
#                        ('wasm-unsafe-eval' alone would not cover Embind).
#   worker-src blob:     Emscripten's threads build starts its pool Workers
#                        from the module's own script, which may be a blob: URL.
#   img-src data: blob:  digits drawn to canvases and exported as images.
#   style-src 'unsafe-inline'  KaTeX writes style attributes into its formulas.
#   frame-ancestors *    teachers embed the page in an <iframe> on any site.
POLICY = ("default-src 'self'; script-src 'self' 'unsafe-eval'; worker-src 'self' blob:; "
          "img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; font-src 'self' data:; "
          "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors *")
# The one-file page and the examples for course authors are single HTML files
# with their scripts inline, by design: they also get 'unsafe-inline'.
INLINE_POLICY = POLICY.replace("script-src 'self' 'unsafe-eval'", "script-src 'self' 'unsafe-eval' 'unsafe-inline'")


def policy_for(path):
    clean = path.split("?", 1)[0].split("#", 1)[0]
    inline = clean.startswith("/examples/") or clean.endswith("latentlab-offline.html")
    return INLINE_POLICY if inline else POLICY


class Handler(http.server.SimpleHTTPRequestHandler):
    # Keep-alive: the page's ~40 modules then share a few connections instead of one each.
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; with Nagle's algorithm the body
    # waited for the client's delayed ACK, 40 ms per file.
    disable_nagle_algorithm = True
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm"}

    def __init__(self, *args, isolation, models, page, quiet, **kwargs):
        self.isolation = isolation
        self.models = models
        self.page = page
        self.quiet = quiet
        super().__init__(*args, **kwargs)

    def translate_path(self, path):
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if self.models and clean.startswith("/models/"):
            return os.path.join(self.models, os.path.basename(clean))
        source = super().translate_path(path)
        if self.page:
            # The bundled page's files (index.html, the bundled modules) in place of
            # the sources of the same name; everything else comes from web/.
            bundled = os.path.join(self.page, os.path.relpath(source, self.directory))
            if os.path.isdir(source):
                bundled = os.path.join(bundled, "index.html")
            if os.path.isfile(bundled):
                return bundled
        return source

    def list_directory(self, path):
        # A folder without index.html is not a page: say nothing about what it holds.
        self.send_error(404, "Not Found")
        return None

    def end_headers(self):
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Content-Security-Policy", policy_for(self.path))
        if self.isolation:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            self.send_header("Cross-Origin-Resource-Policy", "cross-origin")
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, format, *args):
        if not self.quiet:
            super().log_message(format, *args)


class Server(http.server.ThreadingHTTPServer):
    # socketserver's default backlog is 5: a page that opens more connections at
    # once had some refused and retried a second later.
    request_queue_size = 128


def main():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--directory", default=os.path.join(root, "web"))
    parser.add_argument("--models", default="", help="serve /models/ from this folder instead")
    parser.add_argument("--page", default="", help="serve the files of this folder (the bundled page) before web/'s")
    parser.add_argument("--no-isolation", action="store_true", help="leave out COOP/COEP: single-threaded page")
    parser.add_argument("--quiet", action="store_true", help="no request log")
    args = parser.parse_args()
    if not 0 <= args.port <= 65535:
        parser.error(f"--port must be in [0, 65535], got {args.port}")
    handler = functools.partial(Handler, directory=args.directory, isolation=not args.no_isolation,
                                models=args.models, page=args.page, quiet=args.quiet)
    try:
        server = Server(("127.0.0.1", args.port), handler)
    except OSError as error:
        sys.exit(f"cannot listen on 127.0.0.1:{args.port} ({error.strerror}); "
                 f"choose another port, e.g. PORT={args.port + 1} bash scripts/serve.sh")
    mode = "cross-origin isolated (threads)" if not args.no_isolation else "not isolated (single-threaded)"
    print(f"Latent Lab: http://127.0.0.1:{server.server_address[1]}/  [{mode}]", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
