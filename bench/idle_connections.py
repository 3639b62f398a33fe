"""Holds N idle keep-alive connections to a server on loopback: each sends one GET /healthz,
reads its answer, and then sends nothing. Prints "open N" once all are open and answered, then
waits for a line on stdin (or HOLD seconds) and closes them.
Usage: idle_connections.py PORT N HOLD"""
import select
import socket
import sys

port, count, hold = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
conns = []
for _ in range(count):
    s = socket.create_connection(("127.0.0.1", port))
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
    conns.append(s)
answered = 0
for s in conns:
    data = b""
    while b"\r\n\r\n" not in data or not data.endswith(b"}"):
        chunk = s.recv(4096)
        if not chunk:
            break
        data += chunk
    if data.startswith(b"HTTP/1.1 200"):
        answered += 1
print("open %d answered %d" % (len(conns), answered), flush=True)
select.select([sys.stdin], [], [], hold)
for s in conns:
    s.close()
