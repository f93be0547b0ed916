<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CommandInvoker</name>
    <message>
        <source>
[reply truncated: the history keeps only the first %1 of %2 characters]</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · %1 uncommitted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not reached</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no control socket of this server is known here</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>match %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>next %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>heard %1 ago</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cluster id not yet known</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cluster %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>disputed: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>has leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 answering here</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{%n member(s)}</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TableExport</name>
    <message>
        <source>Text (*.txt)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only a JSON reply that is an array of flat objects can be written as CSV; this reply is %1. Export it as text or JSON instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not an array</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This JSON array holds values that are not objects, so it has no columns for CSV. Export it as JSON instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; holds nested JSON, which CSV cannot show. Export the reply as JSON instead.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown export format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a file ending in .txt, .json or .csv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Selected Rows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the %1 table to a file or the clipboard</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>To File…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TimelineDelegate</name>
    <message>
        <source>no state recorded yet</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::AboutDialog</name>
    <message>
        <source>About Vigil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A console for OVS-style daemons: it launches and supervises them, browses and runs the control commands each one registers, and shows every JSON-RPC session&apos;s connection state live. Wire-compatible with Open vSwitch&apos;s unixctl and JSON-RPC.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::AddHostDialog</name>
    <message>
        <source>Add Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>compute-1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>an alias of ~/.ssh/config, or user@host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>One directory per line; empty scans the defaults</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Destination:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run directories:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vigil runs the system ssh with your agent and configuration; an unknown host key is shown for you to confirm first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A host needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The fleet already has a host named %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 added, but the workspace was not saved: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::ArgumentForm</name>
    <message>
        <source>The arguments as words, as on the ovs-appctl command line: double quotes group words (&quot;a b&quot;, &quot;&quot; for an empty word), three double quotes stand for one. This line is what is sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Argument line:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The usage could not be read (%1): type the arguments on the line.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>These words do not fit the usage shown above; they are sent as typed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>arguments</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::ClusterPanel</name>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask every ovsdb-server and ovn-controller now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cluster members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Member</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Address</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Term</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Leader</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Replication</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cluster Members</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ovn-controller</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ovn-controller instances</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Southbound</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Engine</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ovn-controller tells whether it is connected to the southbound database, not which remote that is</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Controllers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No clustered database among the targets. An ovsdb-server whose list-commands offers cluster/status appears here with each of its clustered databases.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n clustered database(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n without an agreed leader</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source> · asked every %1 s while shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>ovn-controller: none among the targets</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::CommandModel</name>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Usage</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::CommandWatch</name>
    <message>
        <source>%1 went away</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the invoker is gone</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) in a row failed; the last: %1</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>vigil::ui::CommandsView</name>
    <message>
        <source>Fetch the command list again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh command list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter commands (Ctrl+F)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prefer &amp;JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask the daemon for --format json output and show it as a tree; daemons that do not speak it (OVS before 3.4) answer in text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the command (Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Invoke</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re-&amp;run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;History&lt;/b&gt; (every invocation, also from the control socket)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;No target selected&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>loading…</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n command(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Could not list the commands of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No command selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a target and a command first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running %1 on %2…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 Running %2 on %3 anyway…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2: running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2: ok in %3 ms, %4</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2 failed: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Running %1 on %2 again…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a target and a command to watch first.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::ConsoleStatusBar</name>
    <message>
        <source>no control socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Control socket: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Script the console: vigil-appctl -t %1 list-commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no daemons</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n daemon(s): </source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>vigil::ui::DaemonDetail</name>
    <message>
        <source>Daemon history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 10 min:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No daemon selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a daemon to see its history, or launch one with Ctrl+N.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Command:&lt;/b&gt; &lt;code&gt;%1&lt;/code&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Restart:&lt;/b&gt; %1, backoff %2–%3 s, gives up after %4 failures in %5 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Adopted&lt;/b&gt;: started elsewhere; Vigil watches it but does not restart it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;State:&lt;/b&gt; %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> · desired %1 · %2 failure(s) in window</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;b&gt;Control socket:&lt;/b&gt; &lt;code&gt;%1&lt;/code&gt;</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::DaemonModel</name>
    <message numerus="yes">
        <source>
%n recent failure(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>
control socket %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>
adopted (started elsewhere)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>PID</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last exit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CPU</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Desired</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::DaemonsView</name>
    <message>
        <source>&amp;Launch…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Define and start a new daemon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the selected daemon (desired state up)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the selected daemon: TERM to its process group, KILL after the stop timeout; it will not be restarted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the selected daemon and start it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reset &amp;Failures</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the failure count and backoff of the selected daemon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit the selected daemon&apos;s definition</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the selected daemon and remove it from the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the selected daemon&apos;s output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Browse and run the selected daemon&apos;s control commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove Daemon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop %1 and remove it from the workspace?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemons</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::Duration</name>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::FailureBanner</name>
    <message>
        <source>Reset and start</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clear the failure count of every failed daemon and start it again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Gave up on %1: it failed too often and will not be restarted until you start it or reset its failures.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Gave up on %n daemon(s): %1. They will not be restarted until you start them or reset their failures.</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Show logs of %1</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::FanoutView</name>
    <message>
        <source>Target pattern</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pattern, e.g. */ovs-vswitchd</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A glob over target names (&apos;*&apos; also matches &apos;/&apos;); selects the matching targets below</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Targets to run on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The command runs on the selected targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run on &amp;Targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+Return</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the command to every selected target at once (Ctrl+Shift+Return)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type a command to run.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select the targets to run it on.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the reply…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(empty reply)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n target(s) selected</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n target(s): </source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>; every reply is the same</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>; %n highlighted line(s) differ</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>vigil::ui::HistoryModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Event</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::HistoryStrip</name>
    <message>
        <source>The last 10 minutes: one colour per state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>States of the last 10 minutes</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::HostDaemonsPanel</name>
    <message>
        <source>Select a host to see the daemons its own Vigil supervisor runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 runs no Vigil supervisor (none of its run directories holds a vigil.PID.ctl socket).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemons supervised on %1 by its Vigil supervisor: start, stop, restart and logs act on %1.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reaching %1&apos;s Vigil supervisor…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1&apos;s Vigil supervisor is not answering (%2); showing what it last reported.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::HostModel</name>
    <message>
        <source>Run directories: %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Destination</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>RTT</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::HostsView</name>
    <message>
        <source>&amp;Add Host…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a host reached through ssh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Remove Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Disconnect the selected host and remove it from the workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Trust Key…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the selected host&apos;s key fingerprint and trust it once you confirm it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by name, destination, state or error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2) offered a host key Vigil does not know yet:

    %3 %4

Compare this fingerprint with the host&apos;s own (ssh-keygen -lf on its host key, or from its administrator) before you trust it. Trust this key and connect?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused: %1 offered a host key other than the one known for it (%2 %3). This is what an attacker in the middle looks like, so Vigil will not connect and does not offer to trust the new key. If the host was reinstalled or re-keyed on purpose, remove its old key from the known hosts file (ssh-keygen -R) and add the host again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 offered a host key Vigil does not know yet (%2 %3). Use Trust Key… to compare and accept it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 refused every key offered. Check that your agent holds a key the host accepts for this account: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 hosts, %2 connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Host %1 removed, but the workspace was not saved: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Trust Host Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not trust the key of %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::InvocationHistoryModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Result</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duration</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::JsonTree</name>
    <message>
        <source>Key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Type</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(value)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::LaunchDialog</name>
    <message>
        <source>Launch Daemon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unique name, e.g. ovsdb-nb</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>path, or a name found beside Vigil or in PATH</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>--remote=punix:db.sock --unixctl=db.ctl</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Split like a shell command line; quote arguments with spaces</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the console&apos;s working directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add a variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the selected variable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>from --unixctl, else &lt;rundir&gt;/&lt;program&gt;.&lt;pid&gt;.ctl; &quot;none&quot; for no socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Program:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Arguments:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Working directory:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Control socket:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>On failure (non-zero exit or signal)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Always</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Never</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>doubling up to</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>never give up</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>failures within</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Restart:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Backoff:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Give up after:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Stop timeout (TERM → KILL):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start &amp;now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Launch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose the working directory</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Restart &amp;now to apply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: no such program</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the supervisor refused it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::LogModel</name>
    <message>
        <source>Time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::LogsView</name>
    <message>
        <source>Search log lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stdout and stderr</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stdout only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stderr only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keep the newest line in view</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Freeze the view; new lines are kept and shown on resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemon:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Log lines</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a daemon to see its output.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 has written nothing to stdout or stderr yet.
New lines appear here as they are written.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No line matches the search and stream filter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n line(s) match</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · paused, %n new line(s) waiting</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
<context>
    <name>vigil::ui::MainWindow</name>
    <message>
        <source>Vigil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Clusters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fan-out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Some entries of %1 could not be applied:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace %1 loaded</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Workspace saved to %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;Control Socket…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add &amp;Remote Session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit and Stop &amp;Daemons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+Shift+Q</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Daemon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Host</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Daemons</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Commands</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Logs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cl&amp;usters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Hosts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Fan-out</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;Targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Appearance</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Follow &amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes the next time Vigil starts.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Vigil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show Vigil</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed too often; Vigil stopped restarting it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 failed too often (%2); Vigil stopped restarting it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Vigil gave up on %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Control Socket</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Path of a unixctl control socket (e.g. /var/run/openvswitch/ovs-vswitchd.1234.ctl):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not add %1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Added %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Remote Session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remote to keep a reconnecting JSON-RPC session to (tcp:HOST:PORT, ssl:HOST:PORT or unix:PATH):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save Workspace</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopping every daemon…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Daemons stopped; ending the supervisor…</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::ReplyView</name>
    <message>
        <source>Search the reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Raw</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show the JSON reply as pretty-printed text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy the selection, or the whole reply (Ctrl+C)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the reply to a file (text, JSON, or CSV for a JSON table)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select a command, fill in its arguments and press Enter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text (no JSON)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The daemon does not speak --format json (OVS before 3.4): its text reply is shown</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a file ending in .txt, .json or .csv.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Selection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy Whole Reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Select All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Expand All</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Collapse All</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::SessionModel</name>
    <message>
        <source> (server)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (last known: %2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State unknown: %1
Last known state: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 row status:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Source</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Detail</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>State</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time in state</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Backoff</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Successes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seqno</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::SessionsView</name>
    <message>
        <source>Filter sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter by source, name, detail, state or error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 30 minutes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Last 2 hours</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>How much time the timeline strips cover</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open a reconnecting JSON-RPC session to a remote (tcp:, ssl:, unix:)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 sessions, %2 connected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, %1 unknown</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::Sidebar</name>
    <message>
        <source>&lt;b&gt;Targets&lt;/b&gt;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add target</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Launch a daemon, or add a control socket or a remote</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Launch Daemon…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Control Socket…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add Remote Session…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Targets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DAEMONS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>CONTROL SOCKETS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>REMOTE SESSIONS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>HOSTS</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1: %2
control socket %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>added</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>live</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2 (%3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2: %3</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::StateLegend</name>
    <message>
        <source>State colours</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::TimelineColumnProxy</name>
    <message>
        <source>Timeline</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::TimelineDelegate</name>
    <message>
        <source>%1 since %2</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>, for %1</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No state known at this time</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::WatchChart</name>
    <message>
        <source>Chart of the watched numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The checked numbers of the reply, plotted over time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No numbers to plot: pick series from the list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for numbers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>vigil::ui::WatchPanel</name>
    <message>
        <source>&amp;Watch</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the command again every interval, highlight what changed and chart its numbers (Esc stops)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Seconds between the starts of two runs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Plotted numbers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The numbers the reply carries; checked ones are plotted</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watching %1 on %2 every %3 s — run %4 running…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watching %1 on %2 every %3 s (Esc stops)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watching %1 on %2 every %3 s — run %4 failed: %5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>%1 on %2 failed: %3</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first reply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no change</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>%n value(s) changed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n added</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n removed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) changed</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
    <message>
        <source>Watching %1 on %2 every %3 s — run %4 (%5 ms, %6): %7</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Watching %1 on %2 (Esc stops)</source>
        <translation type="unfinished"></translation>
    </message>
    <message numerus="yes">
        <source>Watch of %1 stopped after %n run(s)</source>
        <translation type="unfinished">
            <numerusform></numerusform>
        </translation>
    </message>
</context>
</TS>
