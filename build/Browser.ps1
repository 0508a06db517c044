# The browser tests drive Debian's Chromium (Playwright's own download does not work on these machines).

function Install-TestBrowser {
    $chromium = '/usr/bin/chromium'
    if (Test-Path $chromium) { return }
    if (-not (Get-Command apt-get -ErrorAction SilentlyContinue) -or (& id -u) -ne '0') {
        throw ("The browser tests need $chromium. Install Debian's chromium package (apt-get install -y chromium) " +
            'as root, then run the tests again.')
    }
    Write-Host 'Installing chromium for the browser tests (apt-get)'
    & apt-get update -qq
    if ($LASTEXITCODE -ne 0) { throw "apt-get update failed (exit code $LASTEXITCODE)" }
    $env:DEBIAN_FRONTEND = 'noninteractive'
    & apt-get install -y -qq chromium | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "apt-get install chromium failed (exit code $LASTEXITCODE)" }
}
