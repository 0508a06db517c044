#!/usr/bin/env pwsh
# The one entry point for running, testing and stopping Syntaskio Sync. See README.md.
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('run', 'test', 'stop', 'migrate', 'db', 'seed', 'load', 'bench')]
    [string]$Target = 'test',
    # seed and load: against the service that `build.ps1 run` started.
    [ValidateRange(1, 100000)][int]$Users = 10,
    [ValidateRange(1, 100000)][int]$TasksPerUser = 10,
    [string]$Out = 'seed.json',
    [ValidateRange(0.1, 10000)][double]$Rate = 20,
    [ValidateRange(1, 3600)][int]$Duration = 10,
    [ValidateRange(0, 10000)][int]$LatencyMs = 20,
    # load: also print the PostgreSQL side of the cost ledger (docs/benchmark.md).
    [switch]$Ledger,
    # run: the split topology (docs/deployment.md): API nodes with their Hangfire servers off, and worker processes.
    [ValidateRange(1, 8)][int]$ApiNodes = 1,
    [ValidateRange(0, 16)][int]$Workers = 0
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'build/Postgres.ps1')
. (Join-Path $PSScriptRoot 'build/DevSecrets.ps1')
. (Join-Path $PSScriptRoot 'build/Processes.ps1')
. (Join-Path $PSScriptRoot 'build/Targets.ps1')
. (Join-Path $PSScriptRoot 'build/LoadTargets.ps1')
. (Join-Path $PSScriptRoot 'build/Browser.ps1')
. (Join-Path $PSScriptRoot 'build/OpenApiLint.ps1')
. (Join-Path $PSScriptRoot 'build/Style.ps1')

switch ($Target) {
    'run' { Invoke-RunTarget $ApiNodes $Workers }
    'test' { Invoke-TestTarget }
    'stop' { Invoke-StopTarget }
    'migrate' { Invoke-MigrateTarget }
    'db' { Write-Host (Start-ProjectDatabase) }
    'seed' { Invoke-LoadTool @('seed', '--users', $Users, '--tasks-per-user', $TasksPerUser, '--out', $Out) }
    'bench' { Invoke-BenchTarget }
    'load' {
        Invoke-LoadTool @('run', '--rate', $Rate, '--duration', $Duration, '--provider-latency-ms', $LatencyMs,
            '--ledger', $Ledger.IsPresent.ToString().ToLowerInvariant())
    }
}
