// The lab's socket helper, a small Python program run once per lab. Python and not Node:
// it can enter a network namespace with setns(2) (through ctypes), so ONE process serves and
// probes for every pod namespace (no per-pod process, no `ip netns exec` per probe), and it
// has SCTP sockets where the kernel does. Embedded as text so that it ships in dist/ too.
//
// Protocol: one JSON object per line on stdin, one reply per line on stdout, matched by id.
//   {"id":1,"op":"listen","ns":NS,"proto":"tcp|udp|sctp","port":80}  -> {"id":1,"ok":true}
//   {"id":2,"op":"probe","ns":NS,"ip":"10.0.0.1","proto":"tcp","port":80,"timeout":1.5}
//                                                                   -> {"id":2,"ok":false,"why":"refused"}
//   {"id":3,"op":"sctp","ns":NS}                                   -> {"id":3,"ok":true} if SCTP sockets work
// A probe is ok when the connection is established (TCP, SCTP) or the server's reply arrives (UDP).
// End of stdin: the helper closes everything and exits.

export const HELPER_SCRIPT = String.raw`
import sys, os, json, socket, selectors, ctypes, errno, time, heapq

libc = ctypes.CDLL(None, use_errno=True)
CLONE_NEWNET = 0x40000000
HOME = os.open("/proc/self/ns/net", os.O_RDONLY)
nsfds = {}
sel = selectors.DefaultSelector()
timers = []   # (deadline, seq, callback)
seq = [0]
out = sys.stdout
# Every probe gets a source port never used before in this lab, so that a new probe can never
# ride on the conntrack entry of an earlier one (policies change between cases, entries stay).
next_port = [20000]

def reply(obj):
    out.write(json.dumps(obj) + "\n")
    out.flush()

def setns(fd, what):
    if libc.setns(fd, CLONE_NEWNET) != 0:
        e = ctypes.get_errno()
        raise OSError(e, "setns %s: %s" % (what, os.strerror(e)))

def sock_in(ns, family, kind, proto=0):
    fd = nsfds.get(ns)
    if fd is None:
        fd = os.open("/run/netns/" + ns, os.O_RDONLY)
        nsfds[ns] = fd
    setns(fd, ns)
    try:
        return socket.socket(family, kind, proto)
    finally:
        setns(HOME, "home")

def later(delay, cb):
    seq[0] += 1
    heapq.heappush(timers, (time.monotonic() + delay, seq[0], cb))

def new_socket(ns, proto):
    if proto == "tcp":
        return sock_in(ns, socket.AF_INET, socket.SOCK_STREAM)
    if proto == "udp":
        return sock_in(ns, socket.AF_INET, socket.SOCK_DGRAM)
    if proto == "sctp":
        return sock_in(ns, socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_SCTP)
    raise ValueError("unknown protocol " + proto)

def listen(msg):
    s = new_socket(msg["ns"], msg["proto"])
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", msg["port"]))
    s.setblocking(False)
    if msg["proto"] == "udp":
        sel.register(s, selectors.EVENT_READ, ("udp-server", s))
    else:
        s.listen(256)
        sel.register(s, selectors.EVENT_READ, ("stream-server", s))
    reply({"id": msg["id"], "ok": True})

class Probe:
    def __init__(self, msg):
        self.id = msg["id"]
        self.proto = msg["proto"]
        self.done = False
        self.sock = new_socket(msg["ns"], self.proto)
        self.sock.setblocking(False)
        self.bind_fresh()
        self.addr = (msg["ip"], msg["port"])
        timeout = float(msg.get("timeout", 1.5))
        later(timeout, lambda: self.finish(False, "timeout"))
        if self.proto == "udp":
            self.sock.connect(self.addr)
            sel.register(self.sock, selectors.EVENT_READ, ("probe", self))
            self.send()
        else:
            err = self.sock.connect_ex(self.addr)
            if err not in (0, errno.EINPROGRESS):
                self.finish(False, errno.errorcode.get(err, str(err)))
                return
            sel.register(self.sock, selectors.EVENT_WRITE, ("probe", self))

    def bind_fresh(self):
        for _ in range(1000):
            port = next_port[0]
            next_port[0] = 20000 if port >= 60999 else port + 1
            try:
                self.sock.bind(("0.0.0.0", port))
                return
            except OSError as e:
                if e.errno != errno.EADDRINUSE:
                    raise

    def send(self):
        # UDP has no handshake: resend until the reply comes or the probe times out.
        if self.done:
            return
        try:
            self.sock.send(b"podwall-probe")
        except OSError as e:
            self.finish(False, errno.errorcode.get(e.errno, str(e.errno)))
            return
        later(0.3, self.send)

    def ready(self):
        if self.proto == "udp":
            try:
                data = self.sock.recv(64)
                self.finish(data == b"podwall-reply", "reply" if data == b"podwall-reply" else "bad reply")
            except OSError as e:
                self.finish(False, errno.errorcode.get(e.errno, str(e.errno)))
        else:
            err = self.sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
            self.finish(err == 0, "connected" if err == 0 else errno.errorcode.get(err, str(err)))

    def finish(self, ok, why):
        if self.done:
            return
        self.done = True
        try:
            sel.unregister(self.sock)
        except (KeyError, ValueError):
            pass
        self.sock.close()
        reply({"id": self.id, "ok": ok, "why": why})

def sctp_check(msg):
    try:
        s = new_socket(msg["ns"], "sctp")
        s.close()
        reply({"id": msg["id"], "ok": True})
    except OSError as e:
        reply({"id": msg["id"], "ok": False, "why": str(e)})

def handle(line):
    msg = json.loads(line)
    try:
        op = msg["op"]
        if op == "listen":
            listen(msg)
        elif op == "probe":
            Probe(msg)
        elif op == "sctp":
            sctp_check(msg)
        else:
            reply({"id": msg.get("id"), "ok": False, "error": "unknown op " + str(op)})
    except Exception as e:
        reply({"id": msg.get("id"), "ok": False, "error": "%s: %s" % (type(e).__name__, e)})

os.set_blocking(0, False)
sel.register(0, selectors.EVENT_READ, ("stdin", None))
buf = b""
running = True
while running:
    now = time.monotonic()
    while timers and timers[0][0] <= now:
        heapq.heappop(timers)[2]()
    wait = max(0.0, timers[0][0] - time.monotonic()) if timers else None
    for key, _ in sel.select(wait):
        kind, obj = key.data
        if kind == "stdin":
            chunk = os.read(0, 65536)
            if not chunk:
                running = False
                break
            buf += chunk
            while b"\n" in buf:
                line, buf = buf.split(b"\n", 1)
                if line.strip():
                    handle(line)
        elif kind == "stream-server":
            try:
                conn, _ = obj.accept()
                conn.close()
            except OSError:
                pass
        elif kind == "udp-server":
            try:
                data, peer = obj.recvfrom(64)
                if data == b"podwall-probe":
                    obj.sendto(b"podwall-reply", peer)
            except OSError:
                pass
        elif kind == "probe":
            obj.ready()
`;
