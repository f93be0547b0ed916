<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CommandInvoker</name>
    <message>
        <source>
[reply truncated: the history keeps only the first %1 of %2 characters]</source>
        <translation>
[回复已截断：历史记录只保留 %2 个字符中的前 %1 个]</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source> · %1 uncommitted</source>
        <translation> · %1 条未提交</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>无法访问</translation>
    </message>
    <message>
        <source>not reached</source>
        <translation>未连接</translation>
    </message>
    <message>
        <source>no control socket of this server is known here</source>
        <translation>此处不知道该服务器的控制套接字</translation>
    </message>
    <message>
        <source>leader</source>
        <translation>领导者</translation>
    </message>
    <message>
        <source>match %1</source>
        <translation>匹配 %1</translation>
    </message>
    <message>
        <source>next %1</source>
        <translation>下一条 %1</translation>
    </message>
    <message>
        <source>heard %1 ago</source>
        <translation>%1 前收到消息</translation>
    </message>
    <message>
        <source>cluster id not yet known</source>
        <translation>集群 ID 尚未知晓</translation>
    </message>
    <message>
        <source>cluster %1</source>
        <translation>集群 %1</translation>
    </message>
    <message>
        <source>disputed: %1</source>
        <translation>有争议：%1</translation>
    </message>
    <message>
        <source>has leader</source>
        <translation>有领导者</translation>
    </message>
    <message>
        <source>no leader</source>
        <translation>无领导者</translation>
    </message>
    <message numerus="yes">
        <source>%n member(s)</source>
        <translation>
            <numerusform>%n 个成员</numerusform>
        </translation>
    </message>
    <message>
        <source>, %1 answering here</source>
        <translation>，%1 个在此应答</translation>
    </message>
    <message numerus="yes">
        <source>[%n item(s)]</source>
        <translation>
            <numerusform>[%n 项]</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{%n member(s)}</source>
        <translation>
            <numerusform>{%n 个成员}</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>TableExport</name>
    <message>
        <source>Text (*.txt)</source>
        <translation>文本 (*.txt)</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV (*.csv)</translation>
    </message>
    <message>
        <source>Only a JSON reply that is an array of flat objects can be written as CSV; this reply is %1. Export it as text or JSON instead.</source>
        <translation>只有由扁平对象组成的数组形式的 JSON 回复才能写成 CSV；此回复是%1。请改为导出为文本或 JSON。</translation>
    </message>
    <message>
        <source>not an array</source>
        <translation>非数组</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>This JSON array holds values that are not objects, so it has no columns for CSV. Export it as JSON instead.</source>
        <translation>此 JSON 数组包含非对象的值，因此没有可用于 CSV 的列。请改为导出为 JSON。</translation>
    </message>
    <message>
        <source>The member &quot;%1&quot; holds nested JSON, which CSV cannot show. Export the reply as JSON instead.</source>
        <translation>成员“%1”包含嵌套的 JSON，CSV 无法表示。请改为将回复导出为 JSON。</translation>
    </message>
    <message>
        <source>unknown export format</source>
        <translation>未知的导出格式</translation>
    </message>
    <message>
        <source>cannot write %1: %2</source>
        <translation>无法写入 %1：%2</translation>
    </message>
    <message>
        <source>Choose a file ending in .txt, .json or .csv.</source>
        <translation>请选择以 .txt、.json 或 .csv 结尾的文件。</translation>
    </message>
    <message>
        <source>Export %1</source>
        <translation>导出%1</translation>
    </message>
    <message>
        <source>Copy Selected Rows</source>
        <translation>复制所选行</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write the %1 table to a file or the clipboard</source>
        <translation>将%1表格写入文件或剪贴板</translation>
    </message>
    <message>
        <source>To File…</source>
        <translation>到文件…</translation>
    </message>
    <message>
        <source>Copy as %1</source>
        <translation>复制为 %1</translation>
    </message>
</context>
<context>
    <name>TimelineDelegate</name>
    <message>
        <source>no state recorded yet</source>
        <translation>尚未记录状态</translation>
    </message>
</context>
<context>
    <name>vigil::ui::AboutDialog</name>
    <message>
        <source>About Vigil</source>
        <translation>关于 Vigil</translation>
    </message>
    <message>
        <source>A console for OVS-style daemons: it launches and supervises them, browses and runs the control commands each one registers, and shows every JSON-RPC session&apos;s connection state live. Wire-compatible with Open vSwitch&apos;s unixctl and JSON-RPC.</source>
        <translation>OVS 风格守护进程的控制台：启动并监管守护进程，浏览并运行每个守护进程注册的控制命令，并实时显示每个 JSON-RPC 会话的连接状态。在协议上与 Open vSwitch 的 unixctl 和 JSON-RPC 兼容。</translation>
    </message>
</context>
<context>
    <name>vigil::ui::AddHostDialog</name>
    <message>
        <source>Add Host</source>
        <translation>添加主机</translation>
    </message>
    <message>
        <source>compute-1</source>
        <translation>compute-1</translation>
    </message>
    <message>
        <source>an alias of ~/.ssh/config, or user@host</source>
        <translation>~/.ssh/config 中的别名，或 user@host</translation>
    </message>
    <message>
        <source>One directory per line; empty scans the defaults</source>
        <translation>每行一个目录；留空则扫描默认目录</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Destination:</source>
        <translation>目的地(&amp;D)：</translation>
    </message>
    <message>
        <source>&amp;Run directories:</source>
        <translation>运行目录(&amp;R)：</translation>
    </message>
    <message>
        <source>Vigil runs the system ssh with your agent and configuration; an unknown host key is shown for you to confirm first.</source>
        <translation>Vigil 使用您的代理和配置运行系统的 ssh；未知的主机密钥会先显示给您确认。</translation>
    </message>
    <message>
        <source>A host needs a name.</source>
        <translation>主机需要一个名称。</translation>
    </message>
    <message>
        <source>The fleet already has a host named %1.</source>
        <translation>主机群中已有名为 %1 的主机。</translation>
    </message>
    <message>
        <source>Could not add %1: %2</source>
        <translation>无法添加 %1：%2</translation>
    </message>
    <message>
        <source>Host %1 added, but the workspace was not saved: %2</source>
        <translation>已添加主机 %1，但未能保存工作区：%2</translation>
    </message>
</context>
<context>
    <name>vigil::ui::ArgumentForm</name>
    <message>
        <source>The arguments as words, as on the ovs-appctl command line: double quotes group words (&quot;a b&quot;, &quot;&quot; for an empty word), three double quotes stand for one. This line is what is sent.</source>
        <translation>按词给出的参数，与 ovs-appctl 命令行相同：双引号将多个词合为一个（&quot;a b&quot;，&quot;&quot; 表示空词），三个双引号表示一个双引号。发送的就是这一行。</translation>
    </message>
    <message>
        <source>Argument line:</source>
        <translation>参数行：</translation>
    </message>
    <message>
        <source>The usage could not be read (%1): type the arguments on the line.</source>
        <translation>无法解析用法（%1）：请在此行中输入参数。</translation>
    </message>
    <message>
        <source>These words do not fit the usage shown above; they are sent as typed.</source>
        <translation>这些词不符合上面显示的用法；将按输入原样发送。</translation>
    </message>
    <message>
        <source>%1 is required.</source>
        <translation>%1 为必填项。</translation>
    </message>
    <message>
        <source>arguments</source>
        <translation>参数</translation>
    </message>
</context>
<context>
    <name>vigil::ui::ClusterPanel</name>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Ask every ovsdb-server and ovn-controller now</source>
        <translation>立即询问每个 ovsdb-server 和 ovn-controller</translation>
    </message>
    <message>
        <source>Cluster members</source>
        <translation>集群成员</translation>
    </message>
    <message>
        <source>Member</source>
        <translation>成员</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Term</source>
        <translation>任期</translation>
    </message>
    <message>
        <source>Leader</source>
        <translation>领导者</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Replication</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Cluster Members</source>
        <translation>集群成员</translation>
    </message>
    <message>
        <source>ovn-controller</source>
        <translation>ovn-controller</translation>
    </message>
    <message>
        <source>ovn-controller instances</source>
        <translation>ovn-controller 实例</translation>
    </message>
    <message>
        <source>Southbound</source>
        <translation>南向数据库</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>ovn-controller tells whether it is connected to the southbound database, not which remote that is</source>
        <translation>ovn-controller 只报告是否已连接到南向数据库，而不报告连接的是哪个远端</translation>
    </message>
    <message>
        <source>Controllers</source>
        <translation>控制器</translation>
    </message>
    <message>
        <source>No clustered database among the targets. An ovsdb-server whose list-commands offers cluster/status appears here with each of its clustered databases.</source>
        <translation>目标中没有集群数据库。list-commands 提供 cluster/status 的 ovsdb-server 会连同其每个集群数据库显示在这里。</translation>
    </message>
    <message numerus="yes">
        <source>%n clustered database(s)</source>
        <translation>
            <numerusform>%n 个集群数据库</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n without an agreed leader</source>
        <translation>
            <numerusform>，%n 个没有公认的领导者</numerusform>
        </translation>
    </message>
    <message>
        <source> · asked every %1 s while shown</source>
        <translation> · 显示时每 %1 秒询问一次</translation>
    </message>
    <message>
        <source>ovn-controller: none among the targets</source>
        <translation>ovn-controller：目标中没有</translation>
    </message>
    <message>
        <source>Filter by member, address, role or status (Ctrl+F)</source>
        <translation>按成员、地址、角色或状态过滤 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Filter clusters</source>
        <translation>过滤集群</translation>
    </message>
</context>
<context>
    <name>vigil::ui::CommandModel</name>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Usage</source>
        <translation>用法</translation>
    </message>
</context>
<context>
    <name>vigil::ui::CommandPalette</name>
    <message>
        <source>Command palette</source>
        <translation>命令面板</translation>
    </message>
    <message>
        <source>Command palette query</source>
        <translation>命令面板查询</translation>
    </message>
    <message>
        <source>Type to jump to a host, target, daemon or command, or run an action</source>
        <translation>输入以跳转到主机、目标、守护进程或命令，或执行操作</translation>
    </message>
    <message>
        <source>Matching entries</source>
        <translation>匹配的条目</translation>
    </message>
    <message>
        <source>↑↓ select · Enter go · Ctrl+Enter run a command now · Esc close</source>
        <translation>↑↓ 选择 · Enter 跳转 · Ctrl+Enter 立即运行命令 · Esc 关闭</translation>
    </message>
    <message>
        <source>Nothing to jump to yet</source>
        <translation>暂无可跳转的条目</translation>
    </message>
    <message>
        <source>No match for “%1”</source>
        <translation>没有与“%1”匹配的条目</translation>
    </message>
</context>
<context>
    <name>vigil::ui::CommandWatch</name>
    <message>
        <source>%1 went away</source>
        <translation>%1 已消失</translation>
    </message>
    <message>
        <source>the invoker is gone</source>
        <translation>调用器已不存在</translation>
    </message>
    <message numerus="yes">
        <source>%n run(s) in a row failed; the last: %1</source>
        <translation>
            <numerusform>连续 %n 次运行失败；最后一次：%1</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>vigil::ui::CommandsView</name>
    <message>
        <source>Fetch the command list again</source>
        <translation>重新获取命令列表</translation>
    </message>
    <message>
        <source>Refresh command list</source>
        <translation>刷新命令列表</translation>
    </message>
    <message>
        <source>Filter commands</source>
        <translation>过滤命令</translation>
    </message>
    <message>
        <source>Filter commands (Ctrl+F)</source>
        <translation>过滤命令 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Prefer &amp;JSON</source>
        <translation>优先使用 &amp;JSON</translation>
    </message>
    <message>
        <source>Ask the daemon for --format json output and show it as a tree; daemons that do not speak it (OVS before 3.4) answer in text</source>
        <translation>请求守护进程以 --format json 输出并以树形显示；不支持该格式的守护进程（OVS 3.4 之前）以文本回复</translation>
    </message>
    <message>
        <source>&amp;Run</source>
        <translation>运行(&amp;R)</translation>
    </message>
    <message>
        <source>Run the command (Enter)</source>
        <translation>运行命令 (Enter)</translation>
    </message>
    <message>
        <source>Invoke</source>
        <translation>调用</translation>
    </message>
    <message>
        <source>Command history</source>
        <translation>命令历史</translation>
    </message>
    <message>
        <source>Re-&amp;run</source>
        <translation>重新运行(&amp;R)</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>&lt;b&gt;History&lt;/b&gt; (every invocation, also from the control socket)</source>
        <translation>&lt;b&gt;历史&lt;/b&gt;（每次调用，包括来自控制套接字的调用）</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>&lt;b&gt;No target selected&lt;/b&gt;</source>
        <translation>&lt;b&gt;未选择目标&lt;/b&gt;</translation>
    </message>
    <message>
        <source>loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message numerus="yes">
        <source>%n command(s)</source>
        <translation>
            <numerusform>%n 个命令</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not list the commands of %1: %2</source>
        <translation>无法列出 %1 的命令：%2</translation>
    </message>
    <message>
        <source>No command selected</source>
        <translation>未选择命令</translation>
    </message>
    <message>
        <source>Select a target and a command first.</source>
        <translation>请先选择目标和命令。</translation>
    </message>
    <message>
        <source>Running %1 on %2…</source>
        <translation>正在 %2 上运行 %1…</translation>
    </message>
    <message>
        <source>%1 Running %2 on %3 anyway…</source>
        <translation>%1 仍在 %3 上运行 %2…</translation>
    </message>
    <message>
        <source>%1 on %2: running…</source>
        <translation>%2 上的 %1：正在运行…</translation>
    </message>
    <message>
        <source>%1 on %2: ok in %3 ms, %4</source>
        <translation>%2 上的 %1：成功，用时 %3 毫秒，%4</translation>
    </message>
    <message>
        <source>%1 on %2 failed: %3</source>
        <translation>%2 上的 %1 失败：%3</translation>
    </message>
    <message>
        <source>Running %1 on %2 again…</source>
        <translation>正在 %2 上再次运行 %1…</translation>
    </message>
    <message>
        <source>Select a target and a command to watch first.</source>
        <translation>请先选择要监视的目标和命令。</translation>
    </message>
</context>
<context>
    <name>vigil::ui::ConsoleStatusBar</name>
    <message>
        <source>no control socket</source>
        <translation>无控制套接字</translation>
    </message>
    <message>
        <source>Control socket: %1</source>
        <translation>控制套接字：%1</translation>
    </message>
    <message>
        <source>Script the console: vigil-appctl -t %1 list-commands</source>
        <translation>用脚本控制此控制台：vigil-appctl -t %1 list-commands</translation>
    </message>
    <message>
        <source>no daemons</source>
        <translation>无守护进程</translation>
    </message>
    <message numerus="yes">
        <source>%n daemon(s): </source>
        <translation>
            <numerusform>%n 个守护进程：</numerusform>
        </translation>
    </message>
    <message>
        <source>Supervisor service: %1</source>
        <translation>监管服务：%1</translation>
    </message>
    <message>
        <source>Supervisor service: %1 (not reached)</source>
        <translation>监管服务：%1（无法连接）</translation>
    </message>
    <message>
        <source>Script the daemons: vigil-appctl -t %1 daemon/list</source>
        <translation>用脚本控制守护进程：vigil-appctl -t %1 daemon/list</translation>
    </message>
</context>
<context>
    <name>vigil::ui::DaemonDetail</name>
    <message>
        <source>Daemon history</source>
        <translation>守护进程历史</translation>
    </message>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Last 10 min:</source>
        <translation>最近 10 分钟：</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>No daemon selected</source>
        <translation>未选择守护进程</translation>
    </message>
    <message>
        <source>Select a daemon to see its history, or launch one with Ctrl+N.</source>
        <translation>选择一个守护进程以查看其历史，或按 Ctrl+N 启动一个。</translation>
    </message>
    <message>
        <source>%1 — %2</source>
        <translation>%1 — %2</translation>
    </message>
    <message>
        <source>&lt;b&gt;Command:&lt;/b&gt; &lt;code&gt;%1&lt;/code&gt;</source>
        <translation>&lt;b&gt;命令：&lt;/b&gt;&lt;code&gt;%1&lt;/code&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Restart:&lt;/b&gt; %1, backoff %2–%3 s, gives up after %4 failures in %5 s</source>
        <translation>&lt;b&gt;重启：&lt;/b&gt;%1，退避 %2–%3 秒，%5 秒内失败 %4 次后放弃</translation>
    </message>
    <message>
        <source>&lt;b&gt;Adopted&lt;/b&gt;: started elsewhere; Vigil watches it but does not restart it.</source>
        <translation>&lt;b&gt;已接管&lt;/b&gt;：在别处启动；Vigil 监视它但不会重启它。</translation>
    </message>
    <message>
        <source>&lt;b&gt;State:&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;状态：&lt;/b&gt;%1</translation>
    </message>
    <message>
        <source> · desired %1 · %2 failure(s) in window</source>
        <translation> · 期望 %1 · 窗口内 %2 次失败</translation>
    </message>
    <message>
        <source>&lt;b&gt;Control socket:&lt;/b&gt; &lt;code&gt;%1&lt;/code&gt;</source>
        <translation>&lt;b&gt;控制套接字：&lt;/b&gt;&lt;code&gt;%1&lt;/code&gt;</translation>
    </message>
</context>
<context>
    <name>vigil::ui::DaemonModel</name>
    <message numerus="yes">
        <source>
%n recent failure(s)</source>
        <translation>
            <numerusform>
最近 %n 次失败</numerusform>
        </translation>
    </message>
    <message>
        <source>
control socket %1</source>
        <translation>
控制套接字 %1</translation>
    </message>
    <message>
        <source>
adopted (started elsewhere)</source>
        <translation>
已接管（在别处启动）</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>PID</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>Uptime</source>
        <translation>运行时间</translation>
    </message>
    <message>
        <source>Restarts</source>
        <translation>重启次数</translation>
    </message>
    <message>
        <source>Last exit</source>
        <translation>上次退出</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>Memory</source>
        <translation>内存</translation>
    </message>
    <message>
        <source>Desired</source>
        <translation>期望状态</translation>
    </message>
</context>
<context>
    <name>vigil::ui::DaemonsView</name>
    <message>
        <source>&amp;Launch…</source>
        <translation>启动(&amp;L)…</translation>
    </message>
    <message>
        <source>Define and start a new daemon</source>
        <translation>定义并启动一个新的守护进程</translation>
    </message>
    <message>
        <source>&amp;Start</source>
        <translation>启动(&amp;S)</translation>
    </message>
    <message>
        <source>Start the selected daemon (desired state up)</source>
        <translation>启动所选守护进程（期望状态为运行）</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>停止(&amp;T)</translation>
    </message>
    <message>
        <source>Stop the selected daemon: TERM to its process group, KILL after the stop timeout; it will not be restarted</source>
        <translation>停止所选守护进程：向其进程组发送 TERM，停止超时后发送 KILL；它不会被重启</translation>
    </message>
    <message>
        <source>&amp;Restart</source>
        <translation>重启(&amp;R)</translation>
    </message>
    <message>
        <source>Stop the selected daemon and start it again</source>
        <translation>停止所选守护进程并再次启动</translation>
    </message>
    <message>
        <source>Reset &amp;Failures</source>
        <translation>重置失败(&amp;F)</translation>
    </message>
    <message>
        <source>Clear the failure count and backoff of the selected daemon</source>
        <translation>清除所选守护进程的失败计数和退避</translation>
    </message>
    <message>
        <source>&amp;Edit…</source>
        <translation>编辑(&amp;E)…</translation>
    </message>
    <message>
        <source>Edit the selected daemon&apos;s definition</source>
        <translation>编辑所选守护进程的定义</translation>
    </message>
    <message>
        <source>Re&amp;move</source>
        <translation>移除(&amp;M)</translation>
    </message>
    <message>
        <source>Stop the selected daemon and remove it from the workspace</source>
        <translation>停止所选守护进程并将其从工作区移除</translation>
    </message>
    <message>
        <source>&amp;Logs</source>
        <translation>日志(&amp;L)</translation>
    </message>
    <message>
        <source>Show the selected daemon&apos;s output</source>
        <translation>显示所选守护进程的输出</translation>
    </message>
    <message>
        <source>&amp;Commands</source>
        <translation>命令(&amp;C)</translation>
    </message>
    <message>
        <source>Browse and run the selected daemon&apos;s control commands</source>
        <translation>浏览并运行所选守护进程的控制命令</translation>
    </message>
    <message>
        <source>Remove Daemon</source>
        <translation>移除守护进程</translation>
    </message>
    <message>
        <source>Stop %1 and remove it from the workspace?</source>
        <translation>停止 %1 并将其从工作区移除吗？</translation>
    </message>
    <message>
        <source>Daemons</source>
        <translation>守护进程</translation>
    </message>
    <message>
        <source>Filter by name, state or last exit (Ctrl+F)</source>
        <translation>按名称、状态或上次退出过滤 (Ctrl+F)</translation>
    </message>
    <message>
        <source>Filter daemons</source>
        <translation>过滤守护进程</translation>
    </message>
</context>
<context>
    <name>vigil::ui::Duration</name>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 分 %2 秒</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 小时 %2 分</translation>
    </message>
    <message>
        <source>%1 d %2 h</source>
        <translation>%1 天 %2 小时</translation>
    </message>
</context>
<context>
    <name>vigil::ui::FailureBanner</name>
    <message>
        <source>Reset and start</source>
        <translation>重置并启动</translation>
    </message>
    <message>
        <source>Clear the failure count of every failed daemon and start it again</source>
        <translation>清除每个失败守护进程的失败计数并再次启动</translation>
    </message>
    <message>
        <source>Show logs</source>
        <translation>显示日志</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Gave up on %1: it failed too often and will not be restarted until you start it or reset its failures.</source>
        <translation>已放弃 %1：它失败次数过多，在您启动它或重置其失败计数之前不会再重启。</translation>
    </message>
    <message numerus="yes">
        <source>Gave up on %n daemon(s): %1. They will not be restarted until you start them or reset their failures.</source>
        <translation>
            <numerusform>已放弃 %n 个守护进程：%1。在您启动它们或重置其失败计数之前不会再重启。</numerusform>
        </translation>
    </message>
    <message>
        <source>Show logs of %1</source>
        <translation>显示 %1 的日志</translation>
    </message>
</context>
<context>
    <name>vigil::ui::FanoutView</name>
    <message>
        <source>Target pattern</source>
        <translation>目标模式</translation>
    </message>
    <message>
        <source>Pattern, e.g. */ovs-vswitchd</source>
        <translation>模式，例如 */ovs-vswitchd</translation>
    </message>
    <message>
        <source>A glob over target names (&apos;*&apos; also matches &apos;/&apos;); selects the matching targets below</source>
        <translation>匹配目标名称的通配模式（&apos;*&apos; 也匹配 &apos;/&apos;）；选中下方匹配的目标</translation>
    </message>
    <message>
        <source>Targets to run on</source>
        <translation>要运行的目标</translation>
    </message>
    <message>
        <source>The command runs on the selected targets</source>
        <translation>命令在所选目标上运行</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Run on &amp;Targets</source>
        <translation>在目标上运行(&amp;T)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Return</source>
        <translation>Ctrl+Shift+Return</translation>
    </message>
    <message>
        <source>Send the command to every selected target at once (Ctrl+Shift+Return)</source>
        <translation>将命令同时发送到每个所选目标 (Ctrl+Shift+Return)</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Command:</source>
        <translation>命令：</translation>
    </message>
    <message>
        <source>Type a command to run.</source>
        <translation>请输入要运行的命令。</translation>
    </message>
    <message>
        <source>Select the targets to run it on.</source>
        <translation>请选择要运行的目标。</translation>
    </message>
    <message>
        <source>Waiting for the reply…</source>
        <translation>正在等待回复…</translation>
    </message>
    <message>
        <source>(empty reply)</source>
        <translation>（空回复）</translation>
    </message>
    <message numerus="yes">
        <source>%n target(s) selected</source>
        <translation>
            <numerusform>已选择 %n 个目标</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n target(s): </source>
        <translation>
            <numerusform>%n 个目标：</numerusform>
        </translation>
    </message>
    <message>
        <source>; every reply is the same</source>
        <translation>；所有回复相同</translation>
    </message>
    <message numerus="yes">
        <source>; %n highlighted line(s) differ</source>
        <translation>
            <numerusform>；%n 个突出显示的行不同</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>vigil::ui::HistoryModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
</context>
<context>
    <name>vigil::ui::HistoryStrip</name>
    <message>
        <source>The last 10 minutes: one colour per state</source>
        <translation>最近 10 分钟：每种状态一种颜色</translation>
    </message>
    <message>
        <source>States of the last 10 minutes</source>
        <translation>最近 10 分钟的状态</translation>
    </message>
</context>
<context>
    <name>vigil::ui::HostDaemonsPanel</name>
    <message>
        <source>Select a host to see the daemons its own Vigil supervisor runs.</source>
        <translation>选择一台主机以查看其自身 Vigil 监管器运行的守护进程。</translation>
    </message>
    <message>
        <source>%1 runs no Vigil supervisor (none of its run directories holds a vigil.PID.ctl socket).</source>
        <translation>%1 没有运行 Vigil 监管器（其运行目录中都没有 vigil.PID.ctl 套接字）。</translation>
    </message>
    <message>
        <source>Daemons supervised on %1 by its Vigil supervisor: start, stop, restart and logs act on %1.</source>
        <translation>%1 上由其 Vigil 监管器监管的守护进程：启动、停止、重启和日志都作用于 %1。</translation>
    </message>
    <message>
        <source>Reaching %1&apos;s Vigil supervisor…</source>
        <translation>正在连接 %1 的 Vigil 监管器…</translation>
    </message>
    <message>
        <source>%1&apos;s Vigil supervisor is not answering (%2); showing what it last reported.</source>
        <translation>%1 的 Vigil 监管器没有应答（%2）；显示的是它最后报告的内容。</translation>
    </message>
</context>
<context>
    <name>vigil::ui::HostModel</name>
    <message>
        <source>Run directories: %1</source>
        <translation>运行目录：%1</translation>
    </message>
    <message>
        <source>%1 ms</source>
        <translation>%1 毫秒</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Destination</source>
        <translation>目的地</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>RTT</source>
        <translation>往返时间</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>上次错误</translation>
    </message>
</context>
<context>
    <name>vigil::ui::HostsView</name>
    <message>
        <source>&amp;Add Host…</source>
        <translation>添加主机(&amp;A)…</translation>
    </message>
    <message>
        <source>Add a host reached through ssh</source>
        <translation>添加一台通过 ssh 访问的主机</translation>
    </message>
    <message>
        <source>&amp;Remove Host</source>
        <translation>移除主机(&amp;R)</translation>
    </message>
    <message>
        <source>Disconnect the selected host and remove it from the workspace</source>
        <translation>断开所选主机并将其从工作区移除</translation>
    </message>
    <message>
        <source>&amp;Trust Key…</source>
        <translation>信任密钥(&amp;T)…</translation>
    </message>
    <message>
        <source>Show the selected host&apos;s key fingerprint and trust it once you confirm it</source>
        <translation>显示所选主机的密钥指纹，并在您确认后信任它</translation>
    </message>
    <message>
        <source>Filter hosts</source>
        <translation>过滤主机</translation>
    </message>
    <message>
        <source>Filter by name, destination, state or error</source>
        <translation>按名称、目的地、状态或错误过滤</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>%1 (%2) offered a host key Vigil does not know yet:

    %3 %4

Compare this fingerprint with the host&apos;s own (ssh-keygen -lf on its host key, or from its administrator) before you trust it. Trust this key and connect?</source>
        <translation>%1（%2）提供了一个 Vigil 尚不知道的主机密钥：

    %3 %4

在信任它之前，请将此指纹与该主机自己的指纹（在其主机密钥上运行 ssh-keygen -lf，或向其管理员询问）进行比较。信任此密钥并连接吗？</translation>
    </message>
    <message>
        <source>Refused: %1 offered a host key other than the one known for it (%2 %3). This is what an attacker in the middle looks like, so Vigil will not connect and does not offer to trust the new key. If the host was reinstalled or re-keyed on purpose, remove its old key from the known hosts file (ssh-keygen -R) and add the host again.</source>
        <translation>已拒绝：%1 提供的主机密钥与已知的密钥（%2 %3）不同。这正是中间人攻击的表现，因此 Vigil 不会连接，也不提供信任新密钥的选项。如果该主机是有意重装或更换了密钥，请从已知主机文件中删除其旧密钥（ssh-keygen -R），然后重新添加该主机。</translation>
    </message>
    <message>
        <source>%1 offered a host key Vigil does not know yet (%2 %3). Use Trust Key… to compare and accept it.</source>
        <translation>%1 提供了一个 Vigil 尚不知道的主机密钥（%2 %3）。请使用“信任密钥…”进行比较并接受。</translation>
    </message>
    <message>
        <source>%1 refused every key offered. Check that your agent holds a key the host accepts for this account: %2</source>
        <translation>%1 拒绝了提供的所有密钥。请检查您的代理中是否有该主机为此账户接受的密钥：%2</translation>
    </message>
    <message>
        <source>%1 hosts, %2 connected</source>
        <translation>%1 台主机，%2 台已连接</translation>
    </message>
    <message>
        <source>Host %1 removed, but the workspace was not saved: %2</source>
        <translation>已移除主机 %1，但未能保存工作区：%2</translation>
    </message>
    <message>
        <source>Trust Host Key</source>
        <translation>信任主机密钥</translation>
    </message>
    <message>
        <source>Could not trust the key of %1: %2</source>
        <translation>无法信任 %1 的密钥：%2</translation>
    </message>
</context>
<context>
    <name>vigil::ui::InvocationHistoryModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Arguments</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>结果</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>耗时</translation>
    </message>
</context>
<context>
    <name>vigil::ui::JsonTree</name>
    <message>
        <source>Key</source>
        <translation>键</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Type</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>(value)</source>
        <translation>（值）</translation>
    </message>
</context>
<context>
    <name>vigil::ui::LaunchDialog</name>
    <message>
        <source>Launch Daemon</source>
        <translation>启动守护进程</translation>
    </message>
    <message>
        <source>unique name, e.g. ovsdb-nb</source>
        <translation>唯一名称，例如 ovsdb-nb</translation>
    </message>
    <message>
        <source>path, or a name found beside Vigil or in PATH</source>
        <translation>路径，或在 Vigil 旁边或 PATH 中能找到的名称</translation>
    </message>
    <message>
        <source>Choose a program</source>
        <translation>选择程序</translation>
    </message>
    <message>
        <source>--remote=punix:db.sock --unixctl=db.ctl</source>
        <translation>--remote=punix:db.sock --unixctl=db.ctl</translation>
    </message>
    <message>
        <source>Split like a shell command line; quote arguments with spaces</source>
        <translation>按 shell 命令行方式拆分；含空格的参数请加引号</translation>
    </message>
    <message>
        <source>the console&apos;s working directory</source>
        <translation>控制台的工作目录</translation>
    </message>
    <message>
        <source>Choose a directory</source>
        <translation>选择目录</translation>
    </message>
    <message>
        <source>Variable</source>
        <translation>变量</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>Add a variable</source>
        <translation>添加变量</translation>
    </message>
    <message>
        <source>Remove the selected variable</source>
        <translation>移除所选变量</translation>
    </message>
    <message>
        <source>from --unixctl, else &lt;rundir&gt;/&lt;program&gt;.&lt;pid&gt;.ctl; &quot;none&quot; for no socket</source>
        <translation>取自 --unixctl，否则为 &lt;rundir&gt;/&lt;program&gt;.&lt;pid&gt;.ctl；&quot;none&quot; 表示无套接字</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>名称(&amp;N)：</translation>
    </message>
    <message>
        <source>&amp;Program:</source>
        <translation>程序(&amp;P)：</translation>
    </message>
    <message>
        <source>&amp;Arguments:</source>
        <translation>参数(&amp;A)：</translation>
    </message>
    <message>
        <source>&amp;Working directory:</source>
        <translation>工作目录(&amp;W)：</translation>
    </message>
    <message>
        <source>&amp;Environment:</source>
        <translation>环境变量(&amp;E)：</translation>
    </message>
    <message>
        <source>&amp;Control socket:</source>
        <translation>控制套接字(&amp;C)：</translation>
    </message>
    <message>
        <source>On failure (non-zero exit or signal)</source>
        <translation>失败时（非零退出或信号）</translation>
    </message>
    <message>
        <source>Always</source>
        <translation>总是</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>从不</translation>
    </message>
    <message>
        <source>doubling up to</source>
        <translation>倍增至</translation>
    </message>
    <message>
        <source>never give up</source>
        <translation>永不放弃</translation>
    </message>
    <message>
        <source>failures within</source>
        <translation>次失败，时间窗口</translation>
    </message>
    <message>
        <source>Supervision</source>
        <translation>监管</translation>
    </message>
    <message>
        <source>&amp;Restart:</source>
        <translation>重启(&amp;R)：</translation>
    </message>
    <message>
        <source>&amp;Backoff:</source>
        <translation>退避(&amp;B)：</translation>
    </message>
    <message>
        <source>&amp;Give up after:</source>
        <translation>放弃条件(&amp;G)：</translation>
    </message>
    <message>
        <source>&amp;Stop timeout (TERM → KILL):</source>
        <translation>停止超时（TERM → KILL）(&amp;S)：</translation>
    </message>
    <message>
        <source>Start &amp;now</source>
        <translation>立即启动(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Launch</source>
        <translation>启动(&amp;L)</translation>
    </message>
    <message>
        <source>Choose the working directory</source>
        <translation>选择工作目录</translation>
    </message>
    <message>
        <source>Edit %1</source>
        <translation>编辑 %1</translation>
    </message>
    <message>
        <source>Restart &amp;now to apply</source>
        <translation>立即重启以应用(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>%1: no such program</source>
        <translation>%1：没有此程序</translation>
    </message>
    <message>
        <source>the supervisor refused it</source>
        <translation>监管器拒绝了它</translation>
    </message>
</context>
<context>
    <name>vigil::ui::LogModel</name>
    <message>
        <source>Time</source>
        <translation>时间</translation>
    </message>
    <message>
        <source>Stream</source>
        <translation>流</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
</context>
<context>
    <name>vigil::ui::LogsView</name>
    <message>
        <source>Search log lines</source>
        <translation>搜索日志行</translation>
    </message>
    <message>
        <source>Search lines</source>
        <translation>搜索行</translation>
    </message>
    <message>
        <source>stdout and stderr</source>
        <translation>stdout 和 stderr</translation>
    </message>
    <message>
        <source>stdout only</source>
        <translation>仅 stdout</translation>
    </message>
    <message>
        <source>stderr only</source>
        <translation>仅 stderr</translation>
    </message>
    <message>
        <source>Follow</source>
        <translation>跟随</translation>
    </message>
    <message>
        <source>Keep the newest line in view</source>
        <translation>保持最新的行可见</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Freeze the view; new lines are kept and shown on resume</source>
        <translation>冻结视图；新行会被保留并在继续时显示</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Daemon:</source>
        <translation>守护进程：</translation>
    </message>
    <message>
        <source>Log lines</source>
        <translation>日志行</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Select a daemon to see its output.</source>
        <translation>选择一个守护进程以查看其输出。</translation>
    </message>
    <message>
        <source>%1 has written nothing to stdout or stderr yet.
New lines appear here as they are written.</source>
        <translation>%1 尚未向 stdout 或 stderr 写入任何内容。
新行写入后会显示在这里。</translation>
    </message>
    <message>
        <source>No line matches the search and stream filter.</source>
        <translation>没有符合搜索和流过滤条件的行。</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n 行</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%1 of %n line(s) match</source>
        <translation>
            <numerusform>%n 行中有 %1 行匹配</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> · paused, %n new line(s) waiting</source>
        <translation>
            <numerusform> · 已暂停，%n 个新行等待中</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>vigil::ui::MainWindow</name>
    <message>
        <source>Vigil</source>
        <translation>Vigil</translation>
    </message>
    <message>
        <source>Daemons</source>
        <translation>守护进程</translation>
    </message>
    <message>
        <source>Commands</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>Logs</source>
        <translation>日志</translation>
    </message>
    <message>
        <source>Clusters</source>
        <translation>集群</translation>
    </message>
    <message>
        <source>Hosts</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Fan-out</source>
        <translation>批量执行</translation>
    </message>
    <message>
        <source>Workspace</source>
        <translation>工作区</translation>
    </message>
    <message>
        <source>Some entries of %1 could not be applied:</source>
        <translation>%1 中的部分条目无法应用：</translation>
    </message>
    <message>
        <source>Workspace %1 loaded</source>
        <translation>已加载工作区 %1</translation>
    </message>
    <message>
        <source>Workspace saved to %1</source>
        <translation>工作区已保存到 %1</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>Add &amp;Control Socket…</source>
        <translation>添加控制套接字(&amp;C)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+O</source>
        <translation>Ctrl+Shift+O</translation>
    </message>
    <message>
        <source>Add &amp;Remote Session…</source>
        <translation>添加远程会话(&amp;R)…</translation>
    </message>
    <message>
        <source>Ctrl+Shift+R</source>
        <translation>Ctrl+Shift+R</translation>
    </message>
    <message>
        <source>&amp;Save Workspace</source>
        <translation>保存工作区(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Ctrl+Q</source>
        <translation>Ctrl+Q</translation>
    </message>
    <message>
        <source>Quit and Stop &amp;Daemons</source>
        <translation>退出并停止守护进程(&amp;D)</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Q</source>
        <translation>Ctrl+Shift+Q</translation>
    </message>
    <message>
        <source>&amp;Daemon</source>
        <translation>守护进程(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Host</source>
        <translation>主机(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Daemons</source>
        <translation>守护进程(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Commands</source>
        <translation>命令(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Sessions</source>
        <translation>会话(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Logs</source>
        <translation>日志(&amp;L)</translation>
    </message>
    <message>
        <source>Cl&amp;usters</source>
        <translation>集群(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Hosts</source>
        <translation>主机(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Fan-out</source>
        <translation>批量执行(&amp;F)</translation>
    </message>
    <message>
        <source>Show &amp;Targets</source>
        <translation>显示目标(&amp;T)</translation>
    </message>
    <message>
        <source>Ctrl+B</source>
        <translation>Ctrl+B</translation>
    </message>
    <message>
        <source>&amp;Appearance</source>
        <translation>外观(&amp;A)</translation>
    </message>
    <message>
        <source>Follow &amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>The language changes the next time Vigil starts.</source>
        <translation>语言将在下次启动 Vigil 时更改。</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Vigil</source>
        <translation>关于 Vigil(&amp;A)</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>关于 Qt(&amp;Q)</translation>
    </message>
    <message>
        <source>Show Vigil</source>
        <translation>显示 Vigil</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
    <message>
        <source>%1 failed too often; Vigil stopped restarting it.</source>
        <translation>%1 失败次数过多；Vigil 已停止重启它。</translation>
    </message>
    <message>
        <source>%1 failed too often (%2); Vigil stopped restarting it.</source>
        <translation>%1 失败次数过多（%2）；Vigil 已停止重启它。</translation>
    </message>
    <message>
        <source>Vigil gave up on %1</source>
        <translation>Vigil 已放弃 %1</translation>
    </message>
    <message>
        <source>Add Control Socket</source>
        <translation>添加控制套接字</translation>
    </message>
    <message>
        <source>Path of a unixctl control socket (e.g. /var/run/openvswitch/ovs-vswitchd.1234.ctl):</source>
        <translation>unixctl 控制套接字的路径（例如 /var/run/openvswitch/ovs-vswitchd.1234.ctl）：</translation>
    </message>
    <message>
        <source>Could not add %1: %2</source>
        <translation>无法添加 %1：%2</translation>
    </message>
    <message>
        <source>Added %1</source>
        <translation>已添加 %1</translation>
    </message>
    <message>
        <source>Add Remote Session</source>
        <translation>添加远程会话</translation>
    </message>
    <message>
        <source>Remote to keep a reconnecting JSON-RPC session to (tcp:HOST:PORT, ssl:HOST:PORT or unix:PATH):</source>
        <translation>要保持自动重连 JSON-RPC 会话的远端（tcp:HOST:PORT、ssl:HOST:PORT 或 unix:PATH）：</translation>
    </message>
    <message>
        <source>Save Workspace</source>
        <translation>保存工作区</translation>
    </message>
    <message>
        <source>Stopping every daemon…</source>
        <translation>正在停止所有守护进程…</translation>
    </message>
    <message>
        <source>Daemons stopped; ending the supervisor…</source>
        <translation>守护进程已停止；正在结束监管器…</translation>
    </message>
    <message>
        <source>&amp;Find in View</source>
        <translation>在视图中查找(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Go to Target List</source>
        <translation>转到目标列表(&amp;G)</translation>
    </message>
    <message>
        <source>Ctrl+0</source>
        <translation>Ctrl+0</translation>
    </message>
    <message>
        <source>%1 is no longer there.</source>
        <translation>%1 已不存在。</translation>
    </message>
    <message>
        <source>%1 no longer offers %2.</source>
        <translation>%1 已不再提供 %2。</translation>
    </message>
    <message>
        <source>%1 needs arguments: fill them in and press Enter.</source>
        <translation>%1 需要参数：请填写后按 Enter。</translation>
    </message>
    <message>
        <source>Command &amp;Palette…</source>
        <translation>命令面板(&amp;P)…</translation>
    </message>
    <message>
        <source>Ctrl+K</source>
        <translation>Ctrl+K</translation>
    </message>
</context>
<context>
    <name>vigil::ui::PaletteModel</name>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Host</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Daemon</source>
        <translation>守护进程</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>on %1</source>
        <translation>位于 %1</translation>
    </message>
    <message>
        <source>supervised daemon</source>
        <translation>受监管的守护进程</translation>
    </message>
</context>
<context>
    <name>vigil::ui::ReplyView</name>
    <message>
        <source>Search the reply</source>
        <translation>搜索回复</translation>
    </message>
    <message>
        <source>Raw</source>
        <translation>原始</translation>
    </message>
    <message>
        <source>Show the JSON reply as pretty-printed text</source>
        <translation>将 JSON 回复显示为格式化文本</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Copy the selection, or the whole reply (Ctrl+C)</source>
        <translation>复制所选内容或整个回复 (Ctrl+C)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>导出…</translation>
    </message>
    <message>
        <source>Write the reply to a file (text, JSON, or CSV for a JSON table)</source>
        <translation>将回复写入文件（文本、JSON，或对 JSON 表格使用 CSV）</translation>
    </message>
    <message>
        <source>Reply</source>
        <translation>回复</translation>
    </message>
    <message>
        <source>Select a command, fill in its arguments and press Enter.</source>
        <translation>选择一个命令，填写参数后按 Enter。</translation>
    </message>
    <message>
        <source>%1: running…</source>
        <translation>%1：正在运行…</translation>
    </message>
    <message>
        <source>error</source>
        <translation>错误</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>text (no JSON)</source>
        <translation>文本（无 JSON）</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>The daemon does not speak --format json (OVS before 3.4): its text reply is shown</source>
        <translation>该守护进程不支持 --format json（OVS 3.4 之前）：显示其文本回复</translation>
    </message>
    <message numerus="yes">
        <source>%n line(s)</source>
        <translation>
            <numerusform>%n 行</numerusform>
        </translation>
    </message>
    <message>
        <source>Choose a file ending in .txt, .json or .csv.</source>
        <translation>请选择以 .txt、.json 或 .csv 结尾的文件。</translation>
    </message>
    <message>
        <source>Export Reply</source>
        <translation>导出回复</translation>
    </message>
    <message>
        <source>Copy Selection</source>
        <translation>复制所选内容</translation>
    </message>
    <message>
        <source>Copy Reply</source>
        <translation>复制回复</translation>
    </message>
    <message>
        <source>Copy Whole Reply</source>
        <translation>复制整个回复</translation>
    </message>
    <message>
        <source>Select All</source>
        <translation>全选</translation>
    </message>
    <message>
        <source>Expand All</source>
        <translation>全部展开</translation>
    </message>
    <message>
        <source>Collapse All</source>
        <translation>全部折叠</translation>
    </message>
</context>
<context>
    <name>vigil::ui::SessionModel</name>
    <message>
        <source> (server)</source>
        <translation>（服务器）</translation>
    </message>
    <message>
        <source>%1 (last known: %2)</source>
        <translation>%1（最后已知：%2）</translation>
    </message>
    <message>
        <source>State unknown: %1
Last known state: %2</source>
        <translation>状态未知：%1
最后已知状态：%2</translation>
    </message>
    <message>
        <source>%1 row status:</source>
        <translation>%1 行状态：</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Detail</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>State</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Time in state</source>
        <translation>处于此状态的时间</translation>
    </message>
    <message>
        <source>Backoff</source>
        <translation>退避</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>尝试次数</translation>
    </message>
    <message>
        <source>Successes</source>
        <translation>成功次数</translation>
    </message>
    <message>
        <source>Connected</source>
        <translation>已连接时长</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>上次错误</translation>
    </message>
    <message>
        <source>Seqno</source>
        <translation>序号</translation>
    </message>
</context>
<context>
    <name>vigil::ui::SessionsView</name>
    <message>
        <source>Filter sessions</source>
        <translation>过滤会话</translation>
    </message>
    <message>
        <source>Filter by source, name, detail, state or error</source>
        <translation>按来源、名称、详情、状态或错误过滤</translation>
    </message>
    <message>
        <source>Last minute</source>
        <translation>最近 1 分钟</translation>
    </message>
    <message>
        <source>Last 5 minutes</source>
        <translation>最近 5 分钟</translation>
    </message>
    <message>
        <source>Last 30 minutes</source>
        <translation>最近 30 分钟</translation>
    </message>
    <message>
        <source>Last 2 hours</source>
        <translation>最近 2 小时</translation>
    </message>
    <message>
        <source>How much time the timeline strips cover</source>
        <translation>时间线条覆盖的时长</translation>
    </message>
    <message>
        <source>Add Session…</source>
        <translation>添加会话…</translation>
    </message>
    <message>
        <source>Open a reconnecting JSON-RPC session to a remote (tcp:, ssl:, unix:)</source>
        <translation>打开到远端（tcp:、ssl:、unix:）的自动重连 JSON-RPC 会话</translation>
    </message>
    <message>
        <source>Sessions</source>
        <translation>会话</translation>
    </message>
    <message>
        <source>%1 sessions, %2 connected</source>
        <translation>%1 个会话，%2 个已连接</translation>
    </message>
    <message>
        <source>, %1 unknown</source>
        <translation>，%1 个未知</translation>
    </message>
</context>
<context>
    <name>vigil::ui::Sidebar</name>
    <message>
        <source>&lt;b&gt;Targets&lt;/b&gt;</source>
        <translation>&lt;b&gt;目标&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Add target</source>
        <translation>添加目标</translation>
    </message>
    <message>
        <source>Launch a daemon, or add a control socket or a remote</source>
        <translation>启动守护进程，或添加控制套接字或远端</translation>
    </message>
    <message>
        <source>Launch Daemon…</source>
        <translation>启动守护进程…</translation>
    </message>
    <message>
        <source>Add Control Socket…</source>
        <translation>添加控制套接字…</translation>
    </message>
    <message>
        <source>Add Remote Session…</source>
        <translation>添加远程会话…</translation>
    </message>
    <message>
        <source>Targets</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>DAEMONS</source>
        <translation>守护进程</translation>
    </message>
    <message>
        <source>CONTROL SOCKETS</source>
        <translation>控制套接字</translation>
    </message>
    <message>
        <source>REMOTE SESSIONS</source>
        <translation>远程会话</translation>
    </message>
    <message>
        <source>HOSTS</source>
        <translation>主机</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1：%2</translation>
    </message>
    <message>
        <source>%1: %2
control socket %3</source>
        <translation>%1：%2
控制套接字 %3</translation>
    </message>
    <message>
        <source>added</source>
        <translation>已添加</translation>
    </message>
    <message>
        <source>live</source>
        <translation>活动</translation>
    </message>
    <message>
        <source>%1
%2 (%3)</source>
        <translation>%1
%2（%3）</translation>
    </message>
    <message>
        <source>%1 (%2): %3</source>
        <translation>%1（%2）：%3</translation>
    </message>
    <message>
        <source>unreachable</source>
        <translation>无法访问</translation>
    </message>
    <message>
        <source>%1
%2</source>
        <translation>%1
%2</translation>
    </message>
    <message>
        <source>%1 on %2: %3</source>
        <translation>%2 上的 %1：%3</translation>
    </message>
</context>
<context>
    <name>vigil::ui::StateLegend</name>
    <message>
        <source>State colours</source>
        <translation>状态颜色</translation>
    </message>
</context>
<context>
    <name>vigil::ui::TimelineColumnProxy</name>
    <message>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
</context>
<context>
    <name>vigil::ui::TimelineDelegate</name>
    <message>
        <source>%1 since %2</source>
        <translation>自 %2 起为%1</translation>
    </message>
    <message>
        <source>, for %1</source>
        <translation>，持续 %1</translation>
    </message>
    <message>
        <source>No state known at this time</source>
        <translation>此时没有已知状态</translation>
    </message>
</context>
<context>
    <name>vigil::ui::WatchChart</name>
    <message>
        <source>Chart of the watched numbers</source>
        <translation>所监视数值的图表</translation>
    </message>
    <message>
        <source>The checked numbers of the reply, plotted over time</source>
        <translation>回复中勾选的数值随时间变化的图表</translation>
    </message>
    <message>
        <source>No numbers to plot: pick series from the list</source>
        <translation>没有可绘制的数值：请从列表中选择序列</translation>
    </message>
    <message>
        <source>Waiting for numbers…</source>
        <translation>正在等待数值…</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 秒</translation>
    </message>
</context>
<context>
    <name>vigil::ui::WatchPanel</name>
    <message>
        <source>&amp;Watch</source>
        <translation>监视(&amp;W)</translation>
    </message>
    <message>
        <source>Run the command again every interval, highlight what changed and chart its numbers (Esc stops)</source>
        <translation>每隔一段时间再次运行命令，突出显示变化并绘制其数值图表（按 Esc 停止）</translation>
    </message>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>Seconds between the starts of two runs</source>
        <translation>两次运行开始之间的秒数</translation>
    </message>
    <message>
        <source>Plotted numbers</source>
        <translation>绘制的数值</translation>
    </message>
    <message>
        <source>The numbers the reply carries; checked ones are plotted</source>
        <translation>回复中包含的数值；勾选的会被绘制</translation>
    </message>
    <message>
        <source>Watching %1 on %2 every %3 s — run %4 running…</source>
        <translation>每 %3 秒监视 %2 上的 %1 — 第 %4 次运行进行中…</translation>
    </message>
    <message>
        <source>Watching %1 on %2 every %3 s (Esc stops)</source>
        <translation>每 %3 秒监视 %2 上的 %1（按 Esc 停止）</translation>
    </message>
    <message>
        <source>Watching %1 on %2 every %3 s — run %4 failed: %5</source>
        <translation>每 %3 秒监视 %2 上的 %1 — 第 %4 次运行失败：%5</translation>
    </message>
    <message>
        <source>%1 on %2 failed: %3</source>
        <translation>%2 上的 %1 失败：%3</translation>
    </message>
    <message>
        <source>first reply</source>
        <translation>首次回复</translation>
    </message>
    <message>
        <source>no change</source>
        <translation>无变化</translation>
    </message>
    <message numerus="yes">
        <source>%n value(s) changed</source>
        <translation>
            <numerusform>%n 个值有变化</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n added</source>
        <translation>
            <numerusform>，新增 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>, %n removed</source>
        <translation>
            <numerusform>，移除 %n 个</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n line(s) changed</source>
        <translation>
            <numerusform>%n 行有变化</numerusform>
        </translation>
    </message>
    <message>
        <source>Watching %1 on %2 every %3 s — run %4 (%5 ms, %6): %7</source>
        <translation>每 %3 秒监视 %2 上的 %1 — 第 %4 次运行（%5 毫秒，%6）：%7</translation>
    </message>
    <message>
        <source>Watching %1 on %2 (Esc stops)</source>
        <translation>正在监视 %2 上的 %1（按 Esc 停止）</translation>
    </message>
    <message numerus="yes">
        <source>Watch of %1 stopped after %n run(s)</source>
        <translation>
            <numerusform>%1 的监视在运行 %n 次后停止</numerusform>
        </translation>
    </message>
</context>
</TS>
