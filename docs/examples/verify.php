<?php
// verify.php — the reset form's POST: consume the link's token through the CLI, the token on stdin.
// Usage: php verify.php CONFIG TOKEN LOGIN_ID EMAIL   (prints valid or the reason; exit 0 valid, 1 not)
[$script, $config, $token, $login, $email] = $argv;
$command = ['hikyaku', 'token', 'consume', '--config', $config, '--token', '-',
            '--login', $login, '--email', $email, '--purpose', 'password_reset'];
$process = proc_open($command, [0 => ['pipe', 'r'], 1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
fwrite($pipes[0], $token . "\n");            // never in argv: the process list would show it
fclose($pipes[0]);
$answer = json_decode(stream_get_contents($pipes[1]), true);
fclose($pipes[1]);
fclose($pipes[2]);
$status = proc_close($process);
if ($status === 0 && ($answer['valid'] ?? false)) { echo "valid\n"; exit(0); }
if ($status === 1) { echo ($answer['reason'] ?? 'invalid') . "\n"; exit(1); }
echo "temporary failure\n";                  // 75: try again later; never treat as "invalid"
exit(75);
