<#
.SYNOPSIS
    Sends a signed Configuration Manager event to the enrollment orchestrator (POST /v1/hooks/sccm).

.DESCRIPTION
    Builds the hook's JSON body for one action (workplace-join, bulk-enroll or leave), signs it with
    HMAC-SHA256 over "<timestamp>.<body>" using the shared secret (the service's SCCM_HOOK_SECRET), and
    posts it with the headers X-Signature-Timestamp (Unix seconds, UTC) and X-Signature (sha256=<hex>).
    It prints the HTTP status and the service's answer, and exits 0 on a 2xx answer, 1 otherwise, so a
    task sequence step or a status filter rule fails visibly.

    Written for Windows PowerShell 2.0 on Windows 7 (it also runs on later Windows PowerShell): it uses
    only .NET 2.0/3.5 classes (HttpWebRequest, HMACSHA256, UTF8Encoding) and builds the JSON itself.

    TLS 1.2: the script sets ServicePointManager.SecurityProtocol to the number 3072 (TLS 1.2). The enum
    name Tls12 does not exist on .NET 3.5, but the number works once the TLS 1.2 update for the .NET
    Framework is installed. PowerShell 2.0 runs on the .NET 2.0 runtime (.NET 3.5.1 on Windows 7), so on
    Windows 7 SP1 that is KB3154518 (now part of the .NET 3.5.1 rollups on Windows Update). KB3140245
    turns TLS 1.1/1.2 on for WinHTTP, which this script does not use. .NET 4.5 or later makes the number
    work too, but only for PowerShell 3.0 and later, which run on the .NET 4 runtime. Without the update,
    setting the protocol or the connection fails, and the script says so.

    Defaults read from the machine (DeviceName, Domain, OsVersion, SerialNumber, SmbiosGuid) apply only
    when the target device is this machine: when -DeviceName is not given or names this computer. A
    status filter rule runs as SYSTEM on the site server, so there -DeviceName names another device and
    nothing is read from the site server; pass what the message gives. A parameter always wins over a
    default.

.PARAMETER Url
    Base URL of the orchestrator, e.g. https://enroll.contoso.com. The script posts to <Url>/v1/hooks/sccm.

.PARAMETER SecretFile
    A file holding the shared secret (surrounding white space and line breaks are ignored). Preferred:
    a secret given on the command line ends up in logs and process listings.

.PARAMETER Secret
    The shared secret itself. Prefer -SecretFile or -SecretVariable.

.PARAMETER SecretVariable
    The name of a task sequence variable holding the secret (read through Microsoft.SMS.TSEnvironment,
    so the secret stays off the command line). Only inside a running task sequence.

.PARAMETER Action
    workplace-join, bulk-enroll or leave.

.PARAMETER EventId
    The event's id (printable ASCII, no spaces, at most 128 characters). The service acts on an id once
    and answers 200 to it again without acting. Default: a new GUID. To retry the same event (no answer,
    5xx, 429), pass the id the first attempt printed.

.PARAMETER UserPrincipalName
    The user, e.g. alice@contoso.com (workplace-join and leave).

.PARAMETER DeviceId
    The device's GUID in the orchestrator (workplace-join and leave).

.PARAMETER DeviceName
    NetBIOS name of the target device, at most 15 characters. Default: $env:COMPUTERNAME. Naming another
    computer turns off every default read from this machine.

.PARAMETER Domain
    The device's domain (workplace-join). Default: $env:USERDNSDOMAIN, else the computer's domain from WMI.

.PARAMETER OsVersion
    major.minor.build, e.g. 6.1.7601 or 10.0.19045 (workplace-join, bulk-enroll). Default: this machine's.

.PARAMETER CsrFile
    The device's certificate request: PEM, base64 DER, or binary DER (sent base64-encoded).

.PARAMETER PackageId
    The provisioning package's id (bulk-enroll).

.PARAMETER SerialNumber
    The device's serial number (bulk-enroll; also sent as sccm.serialNumber). Default: WMI Win32_BIOS.

.PARAMETER HardwareId
    Optional hardware id (bulk-enroll).

.PARAMETER ResourceId
    Configuration Manager's ResourceID of the device (sccm.resourceId).

.PARAMETER SmbiosGuid
    SMBIOS GUID of the device (sccm.smbiosGuid). Default: WMI Win32_ComputerSystemProduct.UUID.

.PARAMETER AdSite
    Active Directory site of the device (sccm.adSite).

.PARAMETER TimeoutSeconds
    How long to wait for the service. Default: 60.

.PARAMETER LogFile
    Also append every line the script prints to this file (UTF-8), with a time stamp. Useful where
    nobody sees the output, as in a status filter rule.

.PARAMETER SelfTest
    Checks the signature of a fixed test vector and the JSON escaper, prints PASS or FAIL, sends nothing.

.EXAMPLE
    Task sequence, "Run PowerShell Script" step (package holding this script), Parameters:

    -Url https://enroll.contoso.com -SecretFile "C:\ProgramData\EnrollmentOrchestrator\sccm-hook.secret" -Action workplace-join -UserPrincipalName "%EnrollUpn%" -DeviceId "%EnrollDeviceId%" -CsrFile "C:\Windows\Temp\enroll.csr"

    Device name, domain, OS version, serial number and SMBIOS GUID are read from the device itself.

.EXAMPLE
    Task sequence on Windows 10, bulk enrollment, with the secret in a hidden task sequence variable:

    -Url https://enroll.contoso.com -SecretVariable EnrollHookSecret -Action bulk-enroll -PackageId 3f0c2a4e-9d1b-4c57-8e2a-6b7d1e0f9a21 -CsrFile "C:\Windows\Temp\enroll.csr"

.EXAMPLE
    Status filter rule, "Run a program" (runs as SYSTEM on the site server; one line):

    C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe -NoLogo -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "D:\EnrollmentHook\Send-EnrollmentHook.ps1" -Url https://enroll.contoso.com -SecretFile "D:\EnrollmentHook\sccm-hook.secret" -Action leave -DeviceName "%msgsys" -UserPrincipalName "%msgis01" -DeviceId "%msgis02" -EventId "sccm-%msgid-%msgsys-%msggmtY%msggmtm%msggmtd%msggmtH%msggmtM%msggmtS" -LogFile "D:\EnrollmentHook\hook.log"

    %msgsys is the computer that reported the message; which %msgisNN holds what depends on the message.

.EXAMPLE
    powershell.exe -ExecutionPolicy Bypass -File .\Send-EnrollmentHook.ps1 -SelfTest

.NOTES
    Exit code 0: the service answered 2xx (202 accepted; 200 already registered or event already seen).
    Exit code 1: anything else, including bad parameters, network or TLS errors and refusals.
    The service allows 300 seconds of clock difference: keep the clocks of the senders in sync.
#>
#requires -Version 2.0
[CmdletBinding()]
param(
    [string]$Url,
    [string]$SecretFile,
    [string]$Secret,
    [string]$SecretVariable,
    [ValidateSet('workplace-join', 'bulk-enroll', 'leave')]
    [string]$Action,
    [string]$EventId,
    [string]$UserPrincipalName,
    [string]$DeviceId,
    [string]$DeviceName,
    [string]$Domain,
    [string]$OsVersion,
    [string]$CsrFile,
    [string]$PackageId,
    [string]$SerialNumber,
    [string]$HardwareId,
    [string]$ResourceId,
    [string]$SmbiosGuid,
    [string]$AdSite,
    [int]$TimeoutSeconds = 60,
    [string]$LogFile,
    [switch]$SelfTest
)

$ErrorActionPreference = 'Stop'

# Self-test vector. The service's unit tests read these lines and sign the same vector with signHook.
$SelfTestSecret = 'sccm-test-secret'
$SelfTestTimestamp = '1700000000'
$SelfTestBody = '{"eventId":"evt-1","action":"leave","userPrincipalName":"alice@contoso.com","deviceId":"0f3b8e6c-a271-4556-9b72-a26cbd8090c8"}'
$ExpectedSelfTestSignature = 'sha256=56150b89c3e14e7bdabd2a2da98d0527dec6126fbc425511bf7faf6ce24d09f1'
# What the escaper must make of: say "hi" <TAB> C:\temp <LF> end
$EscaperExpected = '"say \"hi\"\u0009C:\\temp\u000aend"'

# Body fields of each action, in the order they are written; sccm comes last.
$ActionFields = @{
    'workplace-join' = @('userPrincipalName', 'deviceId', 'deviceName', 'domain', 'osVersion', 'csr')
    'leave'          = @('userPrincipalName', 'deviceId')
    'bulk-enroll'    = @('packageId', 'serialNumber', 'hardwareId', 'osVersion', 'csr')
}
$RequiredFields = @{
    'workplace-join' = @('userPrincipalName', 'deviceId', 'deviceName', 'domain', 'osVersion', 'csr')
    'leave'          = @('userPrincipalName', 'deviceId')
    'bulk-enroll'    = @('packageId', 'serialNumber', 'osVersion', 'csr')
}

$Utf8 = New-Object System.Text.UTF8Encoding -ArgumentList $false
$GuidPattern = '^\{?[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}?\z'

# A JSON string literal: backslash and quote escaped, control characters as \uXXXX.
function Format-JsonString {
    param([string]$Value)
    $builder = New-Object System.Text.StringBuilder
    [void]$builder.Append('"')
    foreach ($character in $Value.ToCharArray()) {
        $code = [int]$character
        if ($code -eq 34) {
            [void]$builder.Append('\"')
        } elseif ($code -eq 92) {
            [void]$builder.Append('\\')
        } elseif ($code -lt 32) {
            [void]$builder.Append('\u').Append($code.ToString('x4'))
        } else {
            [void]$builder.Append($character)
        }
    }
    [void]$builder.Append('"')
    return $builder.ToString()
}

function Add-JsonMember {
    param($Members, [string]$Name, [string]$Json)
    [void]$Members.Add((Format-JsonString $Name) + ':' + $Json)
}

# The hook's body: eventId, action, the action's fields that are set, then sccm when any identifier is set.
function New-HookBody {
    param([string]$Id, [string]$HookAction, [hashtable]$Fields, [hashtable]$Sccm)
    $members = New-Object System.Collections.ArrayList
    Add-JsonMember $members 'eventId' (Format-JsonString $Id)
    Add-JsonMember $members 'action' (Format-JsonString $HookAction)
    foreach ($name in $ActionFields[$HookAction]) {
        if ($Fields[$name]) { Add-JsonMember $members $name (Format-JsonString $Fields[$name]) }
    }
    if ($Sccm) {
        $sccmMembers = New-Object System.Collections.ArrayList
        if ($Sccm['resourceId']) { Add-JsonMember $sccmMembers 'resourceId' ([string]$Sccm['resourceId']) }
        foreach ($name in @('smbiosGuid', 'serialNumber', 'name', 'adSite')) {
            if ($Sccm[$name]) { Add-JsonMember $sccmMembers $name (Format-JsonString $Sccm[$name]) }
        }
        if ($sccmMembers.Count -gt 0) { Add-JsonMember $members 'sccm' ('{' + ($sccmMembers -join ',') + '}') }
    }
    return '{' + ($members -join ',') + '}'
}

# sha256=<lowercase hex> of HMAC-SHA256, key = UTF-8 of the secret, message = UTF-8 of "<timestamp>.<body>".
function Get-HookSignature {
    param([string]$Key, [string]$Timestamp, [string]$Body)
    $hmac = New-Object System.Security.Cryptography.HMACSHA256
    try {
        $hmac.Key = $Utf8.GetBytes($Key)
        $hash = $hmac.ComputeHash($Utf8.GetBytes($Timestamp + '.' + $Body))
    } finally {
        $hmac.Clear()
    }
    $hex = New-Object System.Text.StringBuilder
    foreach ($byte in $hash) { [void]$hex.Append($byte.ToString('x2')) }
    return 'sha256=' + $hex.ToString()
}

# Seconds since 1970-01-01T00:00:00Z, as text.
function Get-UnixTimestamp {
    $epoch = New-Object System.DateTime -ArgumentList 1970, 1, 1
    $seconds = [System.Math]::Floor(([System.DateTime]::UtcNow - $epoch).TotalSeconds)
    return ([long]$seconds).ToString([System.Globalization.CultureInfo]::InvariantCulture)
}

# One property of the first instance of a WMI class, trimmed; '' when it cannot be read.
function Get-WmiText {
    param([string]$Class, [string]$Property)
    try {
        $instance = Get-WmiObject -Class $Class -ErrorAction Stop | Select-Object -First 1
        if ($instance) {
            $value = [string]$instance.$Property
            if ($value) { return $value.Trim() }
        }
    } catch {
        Write-Verbose ("WMI {0}.{1} could not be read: {2}" -f $Class, $Property, $_.Exception.Message)
    }
    return ''
}

function Get-LocalOsVersion {
    $version = [System.Environment]::OSVersion.Version
    # Without a compatibility manifest Windows 8.1 and 10 report 6.2; WMI tells the truth.
    if ($version.Major -eq 6 -and $version.Minor -eq 2) {
        $fromWmi = Get-WmiText 'Win32_OperatingSystem' 'Version'
        if ($fromWmi -match '^[0-9]+\.[0-9]+\.[0-9]+') { return $matches[0] }
    }
    return ('{0}.{1}.{2}' -f $version.Major, $version.Minor, $version.Build)
}

function Get-LocalDomain {
    if ($env:USERDNSDOMAIN) { return $env:USERDNSDOMAIN.ToLowerInvariant() }
    # SYSTEM (task sequences) has no USERDNSDOMAIN: ask for the computer's domain.
    try {
        $system = Get-WmiObject -Class Win32_ComputerSystem -ErrorAction Stop | Select-Object -First 1
        if ($system -and $system.PartOfDomain -and $system.Domain) { return ([string]$system.Domain).ToLowerInvariant() }
    } catch {
        Write-Verbose ('WMI Win32_ComputerSystem could not be read: ' + $_.Exception.Message)
    }
    return ''
}

function Get-LocalSerialNumber {
    $serial = Get-WmiText 'Win32_BIOS' 'SerialNumber'
    $placeholders = @('', '0', 'None', 'Default string', 'System Serial Number', 'To be filled by O.E.M.')
    foreach ($placeholder in $placeholders) { if ($serial -eq $placeholder) { return '' } }
    return $serial
}

function Get-LocalSmbiosGuid {
    $uuid = Get-WmiText 'Win32_ComputerSystemProduct' 'UUID'
    if ($uuid -notmatch $GuidPattern) { return '' }
    if ($uuid -match '^[0F-]+\z') { return '' }
    return ($uuid -replace '[{}]', '').ToUpperInvariant()
}

# The secret from exactly one of -SecretFile, -SecretVariable, -Secret.
function Get-HookSecret {
    $given = 0
    foreach ($source in @($SecretFile, $SecretVariable, $Secret)) { if ($source) { $given++ } }
    if ($given -ne 1) { throw 'Give exactly one of -SecretFile, -SecretVariable or -Secret.' }
    if ($SecretFile) {
        $path = (Resolve-Path -LiteralPath $SecretFile).ProviderPath
        $value = [System.IO.File]::ReadAllText($path).Trim()
    } elseif ($SecretVariable) {
        $environment = New-Object -ComObject Microsoft.SMS.TSEnvironment
        $value = [string]$environment.Value($SecretVariable)
    } else {
        $value = $Secret
    }
    if (-not $value) { throw 'The secret is empty.' }
    if ($value.Length -lt 32) { Write-Warning 'The secret is shorter than 32 characters; the service refuses such secrets.' }
    return $value
}

# PEM or base64 text as it is; binary DER (starts with a SEQUENCE tag, 0x30) as base64.
function Read-Csr {
    param([string]$Path)
    $fullPath = (Resolve-Path -LiteralPath $Path).ProviderPath
    $bytes = [System.IO.File]::ReadAllBytes($fullPath)
    if ($bytes.Length -eq 0) { throw "The CSR file $fullPath is empty." }
    if ($bytes[0] -eq 0x30) { return [System.Convert]::ToBase64String($bytes) }
    return [System.IO.File]::ReadAllText($fullPath).Trim()
}

function Enable-Tls12 {
    try {
        [System.Net.ServicePointManager]::SecurityProtocol = [System.Net.SecurityProtocolType]3072
    } catch {
        # PowerShell refuses to cast a number the enum does not name (.NET 3.5 has no Tls12 member);
        # Enum.ToObject makes the value without that check.
        [System.Net.ServicePointManager]::SecurityProtocol = [System.Enum]::ToObject([System.Net.SecurityProtocolType], 3072)
    }
}

function Find-WebException {
    param($Exception)
    $current = $Exception
    while ($current) {
        if ($current -is [System.Net.WebException]) { return $current }
        $current = $current.InnerException
    }
    return $null
}

# POSTs the body; returns @{ Status; Body }, also for 4xx/5xx answers (read from the WebException).
function Send-HookRequest {
    param([string]$Endpoint, [string]$Timestamp, [string]$Signature, [string]$Body)
    $bytes = $Utf8.GetBytes($Body)
    $request = [System.Net.HttpWebRequest][System.Net.WebRequest]::Create($Endpoint)
    $request.Method = 'POST'
    $request.ContentType = 'application/json'
    $request.Accept = 'application/json'
    $request.UserAgent = 'Send-EnrollmentHook.ps1'
    $request.AllowAutoRedirect = $false
    $request.Timeout = $TimeoutSeconds * 1000
    $request.ReadWriteTimeout = $TimeoutSeconds * 1000
    $request.ContentLength = $bytes.Length
    $request.Headers.Add('X-Signature-Timestamp', $Timestamp)
    $request.Headers.Add('X-Signature', $Signature)
    $requestStream = $request.GetRequestStream()
    try {
        $requestStream.Write($bytes, 0, $bytes.Length)
    } finally {
        $requestStream.Close()
    }
    $response = $null
    try {
        $response = $request.GetResponse()
    } catch {
        $webException = Find-WebException $_.Exception
        if ($webException -and $webException.Response) { $response = $webException.Response } else { throw $_ }
    }
    try {
        $status = [int]$response.StatusCode
        $description = [string]$response.StatusDescription
        $responseStream = $response.GetResponseStream()
        $reader = New-Object System.IO.StreamReader -ArgumentList $responseStream, $Utf8
        try { $text = $reader.ReadToEnd() } finally { $reader.Close() }
    } finally {
        $response.Close()
    }
    return @{ Status = $status; Description = $description; Body = $text }
}

# Prints a line, and appends it to -LogFile when given. Called only at the top level, never in a function
# whose output is used.
function Write-Line {
    param([string]$Text)
    if ($LogFile) {
        try {
            $stamp = [System.DateTime]::Now.ToString('yyyy-MM-dd HH:mm:ss', [System.Globalization.CultureInfo]::InvariantCulture)
            [System.IO.File]::AppendAllText($LogFile, $stamp + ' ' + $Text + [System.Environment]::NewLine, $Utf8)
        } catch {
            Write-Warning ('Could not write to ' + $LogFile + ': ' + $_.Exception.Message)
        }
    }
    Write-Output $Text
}

function Test-Format {
    param([string]$Name, [string]$Value, [string]$Pattern, [string]$Expectation)
    if ($Value -and $Value -notmatch $Pattern) { throw ("-{0} '{1}' {2}." -f $Name, $Value, $Expectation) }
}

# ---------------------------------------------------------------------------------------------------
if ($SelfTest) {
    $failures = 0

    $body = New-HookBody 'evt-1' 'leave' @{ userPrincipalName = 'alice@contoso.com'; deviceId = '0f3b8e6c-a271-4556-9b72-a26cbd8090c8' } $null
    if ($body -ceq $SelfTestBody) {
        Write-Line 'PASS body: the test event is written as expected'
    } else {
        Write-Line ('FAIL body: got ' + $body)
        $failures++
    }

    $signature = Get-HookSignature $SelfTestSecret $SelfTestTimestamp $SelfTestBody
    if ($signature -ceq $ExpectedSelfTestSignature) {
        Write-Line ('PASS signature: ' + $signature)
    } else {
        Write-Line ('FAIL signature: got ' + $signature + ', expected ' + $ExpectedSelfTestSignature)
        $failures++
    }

    $escaped = Format-JsonString ('say "hi"' + [char]9 + 'C:\temp' + [char]10 + 'end')
    if ($escaped -ceq $EscaperExpected) {
        Write-Line ('PASS escaper: ' + $escaped)
    } else {
        Write-Line ('FAIL escaper: got ' + $escaped + ', expected ' + $EscaperExpected)
        $failures++
    }

    $now = Get-UnixTimestamp
    if ($now -match '^[0-9]{10,12}\z' -and [long]$now -gt 1700000000) {
        Write-Line ('PASS timestamp: ' + $now)
    } else {
        Write-Line ('FAIL timestamp: got ' + $now)
        $failures++
    }

    if ($failures -eq 0) {
        Write-Line 'SELF-TEST PASS'
        exit 0
    }
    Write-Line ('SELF-TEST FAIL ({0} failed)' -f $failures)
    exit 1
}

try {
    if (-not $Url) { throw 'Give -Url, the base URL of the orchestrator (e.g. https://enroll.contoso.com).' }
    if (-not $Action) { throw 'Give -Action: workplace-join, bulk-enroll or leave.' }
    $Action = $Action.ToLowerInvariant()
    if ($Url -notmatch '^https?://[^\s/?#]+') { throw "-Url '$Url' is not an http(s) URL." }
    $endpoint = $Url.TrimEnd('/')
    if ($endpoint -notmatch '/v1/hooks/sccm\z') { $endpoint = $endpoint + '/v1/hooks/sccm' }

    if (-not $EventId) { $EventId = [System.Guid]::NewGuid().ToString() }

    # Defaults from this machine, only when the target device is this machine.
    $targetIsLocal = (-not $DeviceName) -or ($DeviceName -eq $env:COMPUTERNAME)
    if ($targetIsLocal) {
        if (-not $DeviceName) { $DeviceName = $env:COMPUTERNAME }
        if (-not $Domain -and $Action -eq 'workplace-join') { $Domain = Get-LocalDomain }
        if (-not $OsVersion -and $Action -ne 'leave') { $OsVersion = Get-LocalOsVersion }
        if (-not $SerialNumber) { $SerialNumber = Get-LocalSerialNumber }
        if (-not $SmbiosGuid) { $SmbiosGuid = Get-LocalSmbiosGuid }
    } else {
        Write-Verbose "Target $DeviceName is not this computer: nothing is read from this machine."
    }

    Test-Format 'EventId' $EventId '^[\x21-\x7e]{1,128}\z' 'must be 1-128 printable ASCII characters without spaces'
    Test-Format 'UserPrincipalName' $UserPrincipalName '^[^\s@]+@[^\s@]+\.[^\s@]+\z' 'is not a user principal name'
    Test-Format 'DeviceId' $DeviceId $GuidPattern 'is not a GUID'
    Test-Format 'PackageId' $PackageId $GuidPattern 'is not a GUID'
    Test-Format 'DeviceName' $DeviceName '^[A-Za-z0-9][A-Za-z0-9._-]{0,14}\z' 'is not a NetBIOS computer name (at most 15 characters)'
    Test-Format 'OsVersion' $OsVersion '^[0-9]{1,5}(\.[0-9]{1,5}){1,3}\z' 'does not look like 6.1.7601'
    Test-Format 'ResourceId' $ResourceId '^[0-9]{1,10}\z' 'is not a number'
    Test-Format 'SmbiosGuid' $SmbiosGuid $GuidPattern 'is not a GUID'
    Test-Format 'AdSite' $AdSite '^[^\x00-\x1f]{1,64}\z' 'must be 1-64 characters without control characters'

    $csr = ''
    if ($CsrFile -and $Action -ne 'leave') { $csr = Read-Csr $CsrFile }

    $fields = @{
        userPrincipalName = $UserPrincipalName
        deviceId          = $DeviceId
        deviceName        = $DeviceName
        domain            = $Domain
        osVersion         = $OsVersion
        csr               = $csr
        packageId         = $PackageId
        serialNumber      = $SerialNumber
        hardwareId        = $HardwareId
    }
    $missing = @()
    foreach ($name in $RequiredFields[$Action]) { if (-not $fields[$name]) { $missing += $name } }
    if ($missing.Count -gt 0) { throw ("{0} needs: {1}." -f $Action, ($missing -join ', ')) }

    $sccm = @{
        resourceId   = ''
        smbiosGuid   = ''
        serialNumber = $SerialNumber
        name         = $DeviceName
        adSite       = $AdSite
    }
    if ($ResourceId) { $sccm['resourceId'] = [long]::Parse($ResourceId, [System.Globalization.CultureInfo]::InvariantCulture) }
    if ($SmbiosGuid) { $sccm['smbiosGuid'] = $SmbiosGuid -replace '[{}]', '' }

    $body = New-HookBody $EventId $Action $fields $sccm
    $key = Get-HookSecret

    if ($endpoint -match '^https://') {
        try {
            Enable-Tls12
        } catch {
            throw ('TLS 1.2 could not be enabled (' + $_.Exception.Message + '). Install the .NET Framework TLS 1.2 update (KB3154518 on Windows 7 SP1).')
        }
    } else {
        Write-Warning 'The URL is plain http: the body (user, device, request) travels unencrypted.'
    }
    [System.Net.ServicePointManager]::Expect100Continue = $false

    $timestamp = Get-UnixTimestamp
    $signature = Get-HookSignature $key $timestamp $body
    Write-Verbose ('Body: ' + $body)
    Write-Line ('POST {0} action={1} eventId={2}' -f $endpoint, $Action, $EventId)

    $answer = Send-HookRequest $endpoint $timestamp $signature $body
    Write-Line ('HTTP {0} {1}' -f $answer.Status, $answer.Description)
    if ($answer.Body) { Write-Line $answer.Body }

    if ($answer.Status -ge 200 -and $answer.Status -lt 300) { exit 0 }
    if ($answer.Body -match 'HOOK_TIMESTAMP_STALE') {
        Write-Line 'Hint: this computer''s clock is more than 300 seconds from the service''s; sync it (w32tm /resync).'
    } elseif ($answer.Body -match 'HOOK_SIGNATURE_INVALID') {
        Write-Line 'Hint: the secret is not the one the service has (SCCM_HOOK_SECRET or SCCM_HOOK_SECRET_FILE).'
    } elseif ($answer.Status -ge 500 -or $answer.Status -eq 429) {
        Write-Line ('Hint: retry later with -EventId ' + $EventId + ' so the service sees the same event.')
    }
    exit 1
} catch {
    Write-Line ('ERROR: ' + $_.Exception.Message)
    $webException = Find-WebException $_.Exception
    if ($webException) {
        if ($webException.Status -eq [System.Net.WebExceptionStatus]::SecureChannelFailure) {
            Write-Line 'Hint: TLS failed. Is the .NET TLS 1.2 update installed (KB3154518 on Windows 7 SP1) and TLS 1.2 enabled in SChannel?'
        } elseif ($webException.Status -eq [System.Net.WebExceptionStatus]::TrustFailure) {
            Write-Line 'Hint: the service''s certificate is not trusted by this computer.'
        }
        if ($EventId) { Write-Line ('Retry with -EventId ' + $EventId + ' so the service sees the same event.') }
    }
    exit 1
}
