# The code style build.ps1 test checks before anything is built: CSharpier's layout for C# (at 120 columns, see
# .csharpierrc.yaml) and, for every source file we write, lines of at most 120 characters. Markdown tables, the
# solution file and data files (JSON, YAML, the vendors' specifications) are not source and are not checked.

$script:MaxLineLength = 120
$script:CheckedExtensions = @('.cs', '.ps1', '.sql', '.js', '.css', '.html', '.csproj', '.props', '.sh')

function Get-SourceFiles([string]$Root) {
    Get-ChildItem -Path $Root -Recurse -File |
        Where-Object { $script:CheckedExtensions -contains $_.Extension -or $_.Name -eq 'run' } |
        Where-Object { $_.FullName -notmatch '[\\/](bin|obj|\.data|\.git|node_modules)[\\/]' }
}

function Test-LineLength([string]$Root) {
    $long = foreach ($file in Get-SourceFiles $Root) {
        $number = 0
        foreach ($line in [IO.File]::ReadLines($file.FullName)) {
            $number++
            if ($line.Length -gt $script:MaxLineLength) {
                "$([IO.Path]::GetRelativePath($Root, $file.FullName)):$number has $($line.Length) characters"
            }
        }
    }
    if ($long) {
        $long | Out-Host
        throw "$(@($long).Count) lines are longer than $script:MaxLineLength characters"
    }
}

function Test-CodeStyle {
    $root = [IO.Path]::GetFullPath((Join-Path $PSScriptRoot '..'))
    Invoke-Dotnet @('csharpier', 'check', $root)
    Test-LineLength $root
}
