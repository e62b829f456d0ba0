<?php
// handoff.php — a PHP web tier hands a password-reset job to hikyaku: write tmp/, fsync, rename into new/.
// Usage: php handoff.php SPOOL JOB_ID LOGIN_ID EMAIL
[$script, $spool, $id, $login, $email] = $argv;
if (!preg_match('/^[A-Za-z0-9_-]{1,64}$/', $id)) { fwrite(STDERR, "bad job id\n"); exit(64); }
$job = json_encode([
    'version' => 1, 'kind' => 'password_reset', 'locale' => 'ja',
    'to' => $email, 'login_id' => $login, 'data' => new stdClass(),
], JSON_UNESCAPED_UNICODE | JSON_THROW_ON_ERROR);
$tmp = "$spool/tmp/$id.json";
$file = fopen($tmp, 'x');                    // never over another producer's file
if ($file === false) { exit(75); }
fwrite($file, $job);
fflush($file);
fsync($file);                                // durable before the hand-off (PHP 8.1+)
fclose($file);
if (!rename($tmp, "$spool/new/$id.json")) { unlink($tmp); exit(75); }   // the rename is the hand-off
echo "$id\n";
