# A unixctl server built on Open vSwitch's own Python library, with one command, "big BYTES",
# that answers with BYTES letters: for checking that clients print replies as large as
# ovs-appctl does. Listens on the socket path given as the only argument; prints "ready" once
# listening and runs until "exit".
import sys

import ovs.poller
import ovs.unixctl
import ovs.unixctl.server

exiting = False


def big(conn, argv, aux):
    conn.reply("x" * int(argv[0]))


def exit_(conn, argv, aux):
    global exiting
    exiting = True
    conn.reply(None)


def main():
    ovs.unixctl.command_register("big", "BYTES", 1, 1, big, None)
    ovs.unixctl.command_register("exit", "", 0, 0, exit_, None)
    error, server = ovs.unixctl.server.UnixctlServer.create(sys.argv[1])
    if error:
        print("listen failed: %d" % error, file=sys.stderr)
        return 1
    print("ready", flush=True)
    while not exiting:
        server.run()
        poller = ovs.poller.Poller()
        server.wait(poller)
        poller.block()
    server.close()
    return 0


sys.exit(main())
