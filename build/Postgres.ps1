# The project-local PostgreSQL cluster: created on first use, on 127.0.0.1 only, run as `postgres` when we are root
# because PostgreSQL refuses to run as root.

$script:PgPort = if ($env:SYNTASKIO_PG_PORT) { [int]$env:SYNTASKIO_PG_PORT } else { 55432 }
# Whether this run started the cluster, and so stops it: not when ConnectionStrings__Syntaskio names a server.
$script:PgStartedHere = $false

function Test-IsRoot { (& id -u) -eq '0' }

# From / because the postgres user may not be allowed into the current folder.
function Invoke-AsPostgres([string[]]$Command) {
    Push-Location /
    try {
        if (Test-IsRoot) { & runuser -u postgres -- @Command } else { & $Command[0] $Command[1..($Command.Length - 1)] }
        if ($LASTEXITCODE -ne 0) { throw "'$($Command -join ' ')' failed with exit code $LASTEXITCODE" }
    } finally { Pop-Location }
}

# A clone may sit under a folder only root can enter (CI does this); postgres then cannot reach .data, so the
# cluster goes under the system temp folder, keyed by the repository path so two clones never share one.
function Get-PgRoot {
    $preferred = Join-Path $PSScriptRoot '../.data' | ForEach-Object { [IO.Path]::GetFullPath($_) }
    New-Item -ItemType Directory -Force $preferred | Out-Null
    if (-not (Test-IsRoot)) { return $preferred }
    & runuser -u postgres -- test -x $preferred
    if ($LASTEXITCODE -eq 0) { return $preferred }
    $digest = [Security.Cryptography.SHA256]::HashData([Text.Encoding]::UTF8.GetBytes($preferred))
    $hash = [Convert]::ToHexString($digest).Substring(0, 12)
    $fallback = Join-Path ([IO.Path]::GetTempPath()) "syntaskio-$hash"
    New-Item -ItemType Directory -Force $fallback | Out-Null
    return $fallback
}

function Get-PgDataDir { Join-Path (Get-PgRoot) 'pg' }

function Test-PgRunning([string]$DataDir) {
    if (-not (Test-Path (Join-Path $DataDir 'PG_VERSION'))) { return $false }
    Push-Location /
    try {
        if (Test-IsRoot) { & runuser -u postgres -- pg_ctl status -D $DataDir *> $null }
        else { & pg_ctl status -D $DataDir *> $null }
        return $LASTEXITCODE -eq 0
    } finally { Pop-Location }
}

function Initialize-PgCluster([string]$DataDir) {
    if (Test-Path (Join-Path $DataDir 'PG_VERSION')) { return }
    Write-Host "Creating the PostgreSQL cluster in $DataDir"
    New-Item -ItemType Directory -Force $DataDir | Out-Null
    if (Test-IsRoot) { & chown postgres:postgres $DataDir }
    Invoke-AsPostgres @('initdb', '-D', $DataDir, '-U', 'postgres', '--auth=trust', '-E', 'UTF8',
        '--no-instructions') | Out-Null
}

function Start-PgCluster([string]$DataDir) {
    if (Test-PgRunning $DataDir) { return $false }
    if (Test-PortInUse $script:PgPort) {
        throw ("Port $script:PgPort on 127.0.0.1 is taken (another PostgreSQL cluster, perhaps another clone's): " +
            "stop it with its own 'build.ps1 stop', or set SYNTASKIO_PG_PORT.")
    }
    $log = Join-Path $DataDir 'server.log'
    $options = "-p $script:PgPort -c listen_addresses=127.0.0.1 -k $DataDir -c max_connections=1000 " +
        '-c shared_buffers=128MB -c shared_preload_libraries=pg_stat_statements'
    Write-Host "Starting PostgreSQL on 127.0.0.1:$script:PgPort"
    Invoke-AsPostgres @('pg_ctl', '-D', $DataDir, '-l', $log, '-o', $options, '-w', '-t', '60', 'start') | Out-Null
    return $true
}

function Test-PortInUse([int]$Port) {
    $client = [Net.Sockets.TcpClient]::new()
    try { $client.Connect('127.0.0.1', $Port); return $true }
    catch [Net.Sockets.SocketException] { return $false }
    finally { $client.Dispose() }
}

function Stop-PgCluster {
    $dataDir = Get-PgDataDir
    if (Test-PgRunning $dataDir) {
        Write-Host 'Stopping PostgreSQL'
        Invoke-AsPostgres @('pg_ctl', '-D', $dataDir, '-m', 'fast', '-w', 'stop') | Out-Null
    }
}

function Get-AdminConnectionString { "Host=127.0.0.1;Port=$script:PgPort;Username=postgres;Database=postgres" }

# Returns the connection string to use; starts the local cluster only when none is configured.
# -Fresh drops the database first (the benchmark: jobs left over from earlier runs would skew it). A server
# named by ConnectionStrings__Syntaskio is used as it is and never dropped.
function Start-ProjectDatabase([string]$Database = 'syntaskio', [switch]$Fresh) {
    if ($env:ConnectionStrings__Syntaskio) { return $env:ConnectionStrings__Syntaskio }
    $dataDir = Get-PgDataDir
    Initialize-PgCluster $dataDir
    $script:PgStartedHere = Start-PgCluster $dataDir
    $psql = @('-h', '127.0.0.1', '-p', $script:PgPort, '-U', 'postgres', '-d', 'postgres')
    if ($Fresh) { & psql @psql -qc "DROP DATABASE IF EXISTS $Database WITH (FORCE)" | Out-Null }
    $exists = & psql @psql -tAc "SELECT 1 FROM pg_database WHERE datname = '$Database'"
    if ($LASTEXITCODE -ne 0) { throw "PostgreSQL on 127.0.0.1:$script:PgPort does not answer" }
    if ($exists -ne '1') { & psql @psql -qc "CREATE DATABASE $Database" | Out-Null }
    return "Host=127.0.0.1;Port=$script:PgPort;Username=postgres;Database=$Database"
}
