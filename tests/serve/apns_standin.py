#!/usr/bin/python3
"""A loopback stand-in for APNs' HTTP/2 provider API, for pkpass-serve's tests.

Serves TLS with ALPN h2 on 127.0.0.1, asks for a client certificate (verified against --client-ca
when one is sent), and answers POST /3/device/TOKEN. Each request is appended as one JSON line
to --record: token, topic, priority, authorization, payload, the client certificate's UID and
the number of the connection it came on.
--answers names a JSON file {TOKEN: [[STATUS, REASON], ...]} read at each request: a token's
answers are given in turn, then 200. --delay-ms holds each answer that long. Writes its port to
--port-file, and stops by itself after --max-seconds.
"""
import argparse
import asyncio
import json
import ssl
import uuid

import h2.config
import h2.connection
import h2.events
import h2.settings


def parse_args():
    p = argparse.ArgumentParser()
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--client-ca", required=True)
    p.add_argument("--record", required=True)
    p.add_argument("--answers", default="")
    p.add_argument("--delay-ms", type=int, default=0)
    p.add_argument("--port-file", required=True)
    p.add_argument("--max-seconds", type=float, default=600)
    return p.parse_args()


ARGS = parse_args()
USED = {}  # token -> answers given so far
CONNECTIONS = [0]  # connections accepted so far


def answer_for(token):
    answers = {}
    if ARGS.answers:
        try:
            with open(ARGS.answers) as f:
                answers = json.load(f)
        except (OSError, ValueError):
            answers = {}
    planned = answers.get(token, [])
    n = USED.get(token, 0)
    USED[token] = n + 1
    if n < len(planned):
        return planned[n][0], planned[n][1]
    return 200, ""


def client_uid(ssl_object):
    cert = ssl_object.getpeercert() if ssl_object else None
    if not cert:
        return ""
    for rdn in cert.get("subject", ()):
        for key, value in rdn:
            if key == "userId":
                return value
    return ""


class Connection:
    def __init__(self, reader, writer):
        self.reader = reader
        self.writer = writer
        self.conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=False))
        self.streams = {}
        self.uid = client_uid(writer.get_extra_info("ssl_object"))
        CONNECTIONS[0] += 1
        self.number = CONNECTIONS[0]

    async def run(self):
        self.conn.initiate_connection()
        self.conn.update_settings({h2.settings.SettingCodes.MAX_CONCURRENT_STREAMS: 1000})
        self.writer.write(self.conn.data_to_send())
        while True:
            data = await self.reader.read(65536)
            if not data:
                break
            try:
                events = self.conn.receive_data(data)
            except Exception:
                break
            for event in events:
                if isinstance(event, h2.events.RequestReceived):
                    self.streams[event.stream_id] = {"headers": dict(
                        (k.decode() if isinstance(k, bytes) else k, v.decode() if isinstance(v, bytes) else v)
                        for k, v in event.headers), "body": b""}
                elif isinstance(event, h2.events.DataReceived):
                    self.streams[event.stream_id]["body"] += event.data
                    self.conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                elif isinstance(event, h2.events.StreamEnded):
                    asyncio.ensure_future(self.respond(event.stream_id))
            self.writer.write(self.conn.data_to_send())
            await self.writer.drain()
        self.writer.close()

    async def respond(self, stream_id):
        request = self.streams.pop(stream_id)
        headers = request["headers"]
        path = headers.get(":path", "")
        token = path[len("/3/device/"):] if path.startswith("/3/device/") else ""
        record = {"token": token, "method": headers.get(":method", ""), "topic": headers.get("apns-topic", ""),
                  "priority": headers.get("apns-priority", ""), "authorization": headers.get("authorization", ""),
                  "payload": request["body"].decode("utf-8", "replace"), "client_uid": self.uid,
                  "connection": self.number}
        status, reason = answer_for(token)
        if ARGS.delay_ms:
            await asyncio.sleep(ARGS.delay_ms / 1000)
        # Recorded when answered: a push the server was killed before seeing answered may be sent again.
        with open(ARGS.record, "a") as f:
            f.write(json.dumps(record, sort_keys=True) + "\n")
        body = b"" if status == 200 else json.dumps({"reason": reason}).encode()
        response = [(":status", str(status)), ("apns-id", str(uuid.uuid4()))]
        if body:
            response.append(("content-type", "application/json"))
            response.append(("content-length", str(len(body))))
        try:
            self.conn.send_headers(stream_id, response, end_stream=not body)
            if body:
                self.conn.send_data(stream_id, body, end_stream=True)
            self.writer.write(self.conn.data_to_send())
        except Exception:
            pass


async def main():
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(ARGS.cert, ARGS.key)
    context.load_verify_locations(ARGS.client_ca)
    context.verify_mode = ssl.CERT_OPTIONAL
    context.set_alpn_protocols(["h2"])

    async def handle(reader, writer):
        await Connection(reader, writer).run()

    server = await asyncio.start_server(handle, "127.0.0.1", 0, ssl=context)
    port = server.sockets[0].getsockname()[1]
    with open(ARGS.port_file + ".tmp", "w") as f:
        f.write(str(port))
    import os
    os.rename(ARGS.port_file + ".tmp", ARGS.port_file)
    async with server:
        try:
            await asyncio.wait_for(server.serve_forever(), ARGS.max_seconds)
        except asyncio.TimeoutError:
            pass


asyncio.run(main())
