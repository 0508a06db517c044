# Development keys are made on first use and kept in the ignored .data folder, so none is ever committed and
# encrypted credentials stay readable across restarts of a developer's machine.

function Get-DevSecrets {
    $file = Join-Path $PSScriptRoot '../.data/dev-secrets.json'
    $secrets = if (Test-Path $file) { Get-Content $file -Raw | ConvertFrom-Json -AsHashtable } else { @{} }
    $changed = $false
    foreach ($name in 'credentialKey', 'devSigningKey', 'graphClientSecret') {
        if (-not $secrets[$name]) {
            $secrets[$name] = [Convert]::ToBase64String([Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
            $changed = $true
        }
    }
    if ($changed) {
        New-Item -ItemType Directory -Force (Split-Path $file) | Out-Null
        $secrets | ConvertTo-Json | Set-Content -Path $file
        if (-not $IsWindows) { & chmod 600 $file }
    }
    return $secrets
}

function Set-DevSecretsEnvironment {
    $secrets = Get-DevSecrets
    if (-not $env:Security__CredentialKey) { $env:Security__CredentialKey = $secrets.credentialKey }
    if (-not $env:Auth__DevSigningKey) { $env:Auth__DevSigningKey = $secrets.devSigningKey }
    if (-not $env:Providers__Microsoft__ClientSecret) {
        $env:Providers__Microsoft__ClientSecret = $secrets.graphClientSecret
    }
}
