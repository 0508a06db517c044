# Development keys are made on first use and kept in the ignored .data folder, so none is ever committed and
# encrypted credentials stay readable across restarts of a developer's machine.

function Get-DevSecrets {
    $file = Join-Path $PSScriptRoot '../.data/dev-secrets.json'
    if (-not (Test-Path $file)) {
        New-Item -ItemType Directory -Force (Split-Path $file) | Out-Null
        @{
            credentialKey = [Convert]::ToBase64String([Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
            devSigningKey = [Convert]::ToBase64String([Security.Cryptography.RandomNumberGenerator]::GetBytes(32))
        } | ConvertTo-Json | Set-Content -Path $file
        if (-not $IsWindows) { & chmod 600 $file }
    }
    return Get-Content $file -Raw | ConvertFrom-Json
}

function Set-DevSecretsEnvironment {
    $secrets = Get-DevSecrets
    if (-not $env:Security__CredentialKey) { $env:Security__CredentialKey = $secrets.credentialKey }
    if (-not $env:Auth__DevSigningKey) { $env:Auth__DevSigningKey = $secrets.devSigningKey }
}
