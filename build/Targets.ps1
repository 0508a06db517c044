# The targets of build.ps1.

$script:Configuration = 'Release'
$script:ApiUrl = if ($env:SYNTASKIO_API_URL) { $env:SYNTASKIO_API_URL } else { 'http://127.0.0.1:5080' }
$script:SandboxUrl = if ($env:SYNTASKIO_SANDBOX_URL) { $env:SYNTASKIO_SANDBOX_URL } else { 'http://127.0.0.1:5090' }

# Output goes to the host, never into a function's return value.
function Invoke-Dotnet([string[]]$Arguments) {
    & dotnet @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "dotnet $($Arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

function Invoke-Build([string]$RelativePath) {
    $path = Join-Path $PSScriptRoot $RelativePath
    Invoke-Dotnet @('build', $path, '-c', $script:Configuration, '--nologo', '-v', 'q')
}

function Get-ProjectDll([string]$Project) {
    $dll = Join-Path $PSScriptRoot "../$Project/bin/$script:Configuration/net10.0/$Project.dll"
    [IO.Path]::GetFullPath($dll)
}

# The app reads appsettings*.json from its working folder, so it runs from its output folder.
function Invoke-Api([string[]]$Arguments) {
    $dll = Get-ProjectDll 'Syntaskio.Api'
    Push-Location (Split-Path $dll)
    try { Invoke-Dotnet (@($dll) + $Arguments) } finally { Pop-Location }
}

function Invoke-MigrateTarget {
    $env:ConnectionStrings__Syntaskio = Start-ProjectDatabase
    Invoke-Build '../Syntaskio.Api'
    Invoke-Api @('migrate')
}

# Database, migrations, emulator and API (Development, with the demo user), all in the background.
function Start-ServiceStack {
    $env:ConnectionStrings__Syntaskio = Start-ProjectDatabase
    Set-DevSecretsEnvironment
    $env:ASPNETCORE_ENVIRONMENT = 'Development'
    $env:Demo__SandboxUrl = $script:SandboxUrl
    # The emulator stands in for the Microsoft identity platform too, so expired demo tokens refresh.
    $env:Providers__Microsoft__TokenEndpoint = "$script:SandboxUrl/login/common/oauth2/v2.0/token"
    $env:Providers__Microsoft__ClientId = 'syntaskio-dev'
    $env:Providers__Microsoft__AuthorizeEndpoint = "$script:SandboxUrl/login/common/oauth2/v2.0/authorize"
    $env:Providers__Microsoft__GraphBaseUrl = "$script:SandboxUrl/graph/v1.0"
    # The emulator notifies changes (Graph subscriptions, ConnectWise callbacks) to the API on loopback.
    $env:Sync__Inbound__PublicBaseUrl = $script:ApiUrl
    Invoke-Build '../Syntaskio.Sync.sln'
    Invoke-Api @('migrate')
    Start-ProjectProcess 'sandbox' (Get-ProjectDll 'Syntaskio.Sandbox') @('--urls', $script:SandboxUrl) | Out-Null
    Wait-HttpReady "$script:SandboxUrl/_sandbox/health"
    $api = Start-ProjectProcess 'api' (Get-ProjectDll 'Syntaskio.Api') @('--urls', $script:ApiUrl)
    Wait-HttpReady "$script:ApiUrl/health/ready"
    return $api
}

# The split topology (docs/deployment.md): API nodes on consecutive ports from the API's, their Hangfire servers
# off, and Syntaskio.Worker processes beside them. Returns the API node addresses, the first one's process first.
function Start-SplitTopology([int]$ApiNodes, [int]$Workers) {
    $env:Sync__Workers__Enabled = 'false'
    $first = Start-ServiceStack
    $port = ([Uri]$script:ApiUrl).Port
    $nodes = @($script:ApiUrl)
    for ($node = 2; $node -le $ApiNodes; $node++) {
        $url = "http://127.0.0.1:$($port + $node - 1)"
        Start-ProjectProcess "api-$node" (Get-ProjectDll 'Syntaskio.Api') @('--urls', $url) | Out-Null
        Wait-HttpReady "$url/health/ready"
        $nodes += $url
    }
    $env:Sync__Workers__Enabled = 'true'
    for ($worker = 1; $worker -le $Workers; $worker++) {
        $process = Start-ProjectProcess "worker-$worker" (Get-ProjectDll 'Syntaskio.Worker') @()
        Write-Host "Worker $worker`: pid $($process.Id)"
    }
    return @{ First = $first; Nodes = $nodes }
}

function Invoke-RunTarget([int]$ApiNodes = 1, [int]$Workers = 0) {
    Register-StopSignals
    try {
        if ($ApiNodes -eq 1 -and $Workers -eq 0) {
            $api = Start-ServiceStack
        } else {
            $split = Start-SplitTopology $ApiNodes $Workers
            $api = $split.First
            foreach ($node in $split.Nodes) { Write-Host "API node:   $node   (Hangfire server off)" }
        }
        $token = (Invoke-RestMethod -Method Post -Uri "$script:ApiUrl/dev/token" -ContentType 'application/json' `
                -Body '{"sub":"demo"}').accessToken
        Write-Host ''
        Write-Host "API:        $script:ApiUrl   (OpenAPI: $script:ApiUrl/openapi/v1.json)"
        Write-Host "Dashboard:  $script:ApiUrl/hangfire"
        Write-Host "Emulator:   $script:SandboxUrl"
        Write-Host "Dev token:  $token"
        Write-Host "Try:        curl -H 'Authorization: Bearer <token>' $script:ApiUrl/api/tasks"
        Write-Host 'Press Ctrl+C to stop.'
        while (-not [SyntaskioStopSignal]::Requested -and -not $api.HasExited) { Start-Sleep -Milliseconds 300 }
    } finally {
        Stop-ProjectProcesses
        if ($script:PgStartedHere) { Stop-PgCluster }
    }
}

# The whole benchmark on this machine: see docs/benchmark.md. Writes bench/results/latest.md.
function Invoke-BenchTarget {
    try {
        $env:ConnectionStrings__Syntaskio = Start-ProjectDatabase -Database 'syntaskio_bench' -Fresh
        # Every bench client is on loopback: the per-address stream limit would cap step (10)'s 1,000 streams.
        $env:Sync__Events__MaxStreamsPerAddress = '5000'
        Invoke-Build '../Syntaskio.Sync.sln'
        # The raw Hangfire baseline first, with nothing else running.
        $alone = Join-Path ([IO.Path]::GetTempPath()) "syntaskio-baseline-$PID.json"
        Invoke-Dotnet @((Get-ProjectDll 'Syntaskio.LoadTest'), 'baseline', '--out', $alone)
        $api = Start-ServiceStack
        Invoke-Dotnet @((Get-ProjectDll 'Syntaskio.LoadTest'), 'bench', '--api', $script:ApiUrl,
            '--sandbox', $script:SandboxUrl, '--service-pid', $api.Id,
            '--baseline-alone', $alone, '--out-dir', (Join-Path $PSScriptRoot '../bench/results'))
    } finally {
        Stop-ProjectProcesses
        if ($script:PgStartedHere) { Stop-PgCluster }
    }
}

function Invoke-TestTarget {
    Test-CodeStyle
    Install-TestBrowser
    Install-OpenApiLinter
    $env:ConnectionStrings__Syntaskio = Start-ProjectDatabase
    try {
        $log = Join-Path ([IO.Path]::GetTempPath()) "syntaskio-test-$PID.log"
        $solution = Join-Path $PSScriptRoot '../Syntaskio.Sync.sln'
        & dotnet test $solution -c $script:Configuration --nologo 2>&1 | Tee-Object -FilePath $log
        $exitCode = $LASTEXITCODE
        Write-TestSummary $log
        if ($exitCode -ne 0) { throw "Tests failed (exit code $exitCode)" }
    } finally {
        if ($script:PgStartedHere) { Stop-PgCluster }
    }
}

# dotnet test's own summary is not a form CI tools read; this prints the plain 'N passed, N failed' line.
function Write-TestSummary([string]$Log) {
    $pattern = 'Failed:\s+(\d+), Passed:\s+(\d+), Skipped:\s+(\d+)'
    $summary = Select-String -Path $Log -Pattern $pattern | Select-Object -Last 1
    if ($summary) {
        $groups = $summary.Matches[0].Groups
        Write-Host "tests: $($groups[2].Value) passed, $($groups[1].Value) failed, $($groups[3].Value) skipped"
    }
}

function Invoke-StopTarget {
    Stop-ProjectProcesses
    Stop-PgCluster
}
