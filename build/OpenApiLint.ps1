# The OpenAPI document's lint: Redocly CLI at a pinned version, installed from npm into .tools/ (as Kiota comes from
# the dotnet tool manifest). OpenApiLintTests runs it on the running API's document.

$script:RedoclyVersion = '2.77.0'

function Install-OpenApiLinter {
    $prefix = Join-Path $PSScriptRoot '../.tools/redocly'
    $marker = Join-Path $prefix "installed-$script:RedoclyVersion"
    if (Test-Path $marker) { return }
    if (-not (Get-Command npm -ErrorAction SilentlyContinue)) {
        throw 'The OpenAPI lint needs Node.js and npm (the test command installs @redocly/cli with npm).'
    }
    Write-Host "Installing @redocly/cli $script:RedoclyVersion for the OpenAPI lint (npm)"
    & npm install --no-save --no-audit --no-fund --silent --prefix $prefix "@redocly/cli@$script:RedoclyVersion" |
        Out-Host
    if ($LASTEXITCODE -ne 0) { throw "npm install @redocly/cli failed (exit code $LASTEXITCODE)" }
    New-Item -ItemType File -Path $marker -Force | Out-Null
}
