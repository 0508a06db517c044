#!/usr/bin/env pwsh
# The one entry point for running, testing and stopping Syntaskio Sync. See README.md.
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('run', 'test', 'stop', 'migrate', 'db')]
    [string]$Target = 'test'
)
$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
. (Join-Path $PSScriptRoot 'build/Postgres.ps1')
. (Join-Path $PSScriptRoot 'build/DevSecrets.ps1')
. (Join-Path $PSScriptRoot 'build/Processes.ps1')
. (Join-Path $PSScriptRoot 'build/Targets.ps1')

switch ($Target) {
    'run' { Invoke-RunTarget }
    'test' { Invoke-TestTarget }
    'stop' { Invoke-StopTarget }
    'migrate' { Invoke-MigrateTarget }
    'db' { Write-Host (Start-ProjectDatabase) }
}
