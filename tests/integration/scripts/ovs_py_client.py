# A JSON-RPC client built on Open vSwitch's own Python library: sends each request named on
# the command line (METHOD PARAMS-JSON pairs) and prints every reply, sorted and compact.
import json
import sys

import ovs.jsonrpc
import ovs.stream


def main():
    remote = sys.argv[1]
    error, stream = ovs.stream.Stream.open_block(ovs.stream.Stream.open(remote), 10000)
    if error:
        print("open failed: %d" % error, file=sys.stderr)
        return 1
    conn = ovs.jsonrpc.Connection(stream)
    args = sys.argv[2:]
    for method, params in zip(args[::2], args[1::2]):
        request = ovs.jsonrpc.Message.create_request(method, json.loads(params))
        error, reply = conn.transact_block(request)
        if error:
            print("transaction failed: %d" % error, file=sys.stderr)
            return 1
        print(json.dumps(reply.to_json(), sort_keys=True, separators=(",", ":")))
    conn.close()
    return 0


sys.exit(main())
