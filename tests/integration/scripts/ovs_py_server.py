# A JSON-RPC server built on Open vSwitch's own Python library: listens on PSTREAM, answers
# "echo" with its params and every other request with an error, and exits after the first
# connection closes. Prints "ready" once listening.
import sys

import ovs.jsonrpc
import ovs.poller
import ovs.stream


def main():
    error, pstream = ovs.stream.PassiveStream.open(sys.argv[1])
    if error:
        print("listen failed: %d" % error, file=sys.stderr)
        return 1
    print("ready", flush=True)
    while True:
        error, stream = pstream.accept()
        if not error:
            break
        poller = ovs.poller.Poller()
        pstream.wait(poller)
        poller.block()
    conn = ovs.jsonrpc.Connection(stream)
    while True:
        error, msg = conn.recv_block()
        if error:
            return 0
        if msg.type == ovs.jsonrpc.Message.T_REQUEST:
            if msg.method == "echo":
                reply = ovs.jsonrpc.Message.create_reply(msg.params, msg.id)
            else:
                reply = ovs.jsonrpc.Message.create_error({"error": "unknown method"}, msg.id)
            conn.send(reply)
            conn.run()


sys.exit(main())
