# seed and load: the load tool against the service `build.ps1 run` started (same database, keys and emulator).

function Invoke-LoadTool([string[]]$Arguments) {
    $env:ConnectionStrings__Syntaskio = Start-ProjectDatabase
    Set-DevSecretsEnvironment
    Invoke-Dotnet @('build', (Join-Path $PSScriptRoot '../Syntaskio.LoadTest'), '-c', $script:Configuration,
        '--nologo', '-v', 'q')
    $apiPid = Join-Path $PSScriptRoot '../.data/pids/api.pid'
    $extra = @('--api', $script:ApiUrl, '--sandbox', $script:SandboxUrl)
    if ($Arguments[0] -eq 'run' -and (Test-Path $apiPid)) { $extra += @('--service-pid', (Get-Content $apiPid)) }
    & dotnet (Get-ProjectDll 'Syntaskio.LoadTest') @Arguments @extra
    if ($LASTEXITCODE -ne 0) { throw "The load tool failed with exit code $LASTEXITCODE" }
}
