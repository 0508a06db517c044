# Background processes that build.ps1 starts are recorded in .data/pids so that `build.ps1 stop` can end them.

function Get-PidDir {
    $dir = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '../.data/pids'))
    New-Item -ItemType Directory -Force $dir | Out-Null
    return $dir
}

function Start-ProjectProcess([string]$Name, [string]$Dll, [string[]]$Arguments) {
    $process = Start-Process -FilePath 'dotnet' -ArgumentList (@($Dll) + $Arguments) -PassThru -NoNewWindow `
        -WorkingDirectory (Split-Path $Dll)
    Set-Content -Path (Join-Path (Get-PidDir) "$Name.pid") -Value $process.Id
    return $process
}

function Stop-ProjectProcesses {
    foreach ($pidFile in Get-ChildItem (Get-PidDir) -Filter '*.pid') {
        $process = Get-Process -Id ([int](Get-Content $pidFile)) -ErrorAction SilentlyContinue
        if ($process -and -not $process.HasExited) {
            Write-Host "Stopping $($pidFile.BaseName) (pid $($process.Id))"
            & kill -TERM $process.Id
            if (-not $process.WaitForExit(15000)) { $process.Kill($true) }
        }
        Remove-Item $pidFile -ErrorAction SilentlyContinue
    }
}

function Wait-HttpReady([string]$Url, [int]$TimeoutSeconds = 60) {
    $deadline = [DateTime]::UtcNow.AddSeconds($TimeoutSeconds)
    while ([DateTime]::UtcNow -lt $deadline) {
        try {
            $response = Invoke-WebRequest -Uri $Url -SkipHttpErrorCheck -TimeoutSec 2
            if ($response.StatusCode -eq 200) { return }
        } catch { Start-Sleep -Milliseconds 250 }
        Start-Sleep -Milliseconds 250
    }
    throw "$Url did not become ready within $TimeoutSeconds s"
}

# Ctrl+C and SIGTERM both end `build.ps1 run` through the same path, so what it started is always stopped.
function Register-StopSignals {
    if (-not ('SyntaskioStopSignal' -as [type])) {
        Add-Type -TypeDefinition @'
using System.Runtime.InteropServices;
public static class SyntaskioStopSignal
{
    private static PosixSignalRegistration term, interrupt;
    public static volatile bool Requested;
    public static void Register()
    {
        term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; Requested = true; });
        interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; Requested = true; });
    }
}
'@
    }
    [SyntaskioStopSignal]::Register()
}
