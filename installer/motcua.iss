; MotCua Desk — Windows installer (Inno Setup 6).
;
; Build, from the project root on Windows, after the PyInstaller bundle:
;   pyinstaller --noconfirm --clean installer\motcua.spec
;   "C:\Program Files (x86)\Inno Setup 6\ISCC.exe" /DAppVersion=0.1.0 installer\motcua.iss
; Output: installer\Output\MotCuaDesk-Setup-<version>.exe
;
; - Per-machine install to {autopf}\MotCua Desk (Program Files), Start-menu entry, optional
;   desktop icon, Vietnamese first and English.
; - Upgrades in place: the AppId below never changes. The previous bundle's _internal
;   folder is removed first so no stale library of an older version is left behind.
; - The data (database, backups, printed PDFs, logs) lives in each Windows user's own
;   %LOCALAPPDATA%\MotCua\MotCuaDesk (platformdirs), or where MOTCUA_HOME points: the
;   installer never touches it, and the uninstaller keeps it unless the user ticks the box.
; - Needs Inno Setup 6.3 or later (x64compatible). Vietnamese: Inno Setup ships Vietnamese as an unofficial translation. Put
;   Vietnamese.isl (https://jrsoftware.org/files/istrans/) next to this script in
;   installer\Languages\, or in the compiler's Languages folder; without it the installer is
;   built in English only (the app itself is Vietnamese first either way).

#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef DistDir
  #define DistDir "..\dist\MotCuaDesk"
#endif
#define AppName "MotCua Desk"
#define AppExe "MotCuaDesk.exe"
; platformdirs.user_data_dir("MotCuaDesk", "MotCua") on Windows (app/services/context.py)
#define DataDir "{localappdata}\MotCua\MotCuaDesk"

#if FileExists(AddBackslash(SourcePath) + "Languages\Vietnamese.isl")
  #define VietnameseIsl AddBackslash(SourcePath) + "Languages\Vietnamese.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Vietnamese.isl")
  #define VietnameseIsl "compiler:Languages\Vietnamese.isl"
#endif

[Setup]
; Never change this AppId: it is how an upgrade finds the installed version.
AppId={{6F1C2B7E-4D3A-4E8B-9C5D-2A7F0B1E3C49}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=MotCua Desk
DefaultDirName={autopf}\MotCua Desk
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
UsePreviousAppDir=yes
PrivilegesRequired=admin
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir=Output
OutputBaseFilename=MotCuaDesk-Setup-{#AppVersion}
SetupIconFile=icons\motcua.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; An upgrade closes a running MotCua Desk (Restart Manager) before replacing its files.
CloseApplications=yes
CloseApplicationsFilter=*.exe,*.dll,*.pyd
RestartApplications=no
ShowLanguageDialog=auto

[Languages]
#ifdef VietnameseIsl
Name: "vietnamese"; MessagesFile: "{#VietnameseIsl}"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
#ifdef VietnameseIsl
vietnamese.DesktopIcon=Tạo biểu tượng trên màn hình nền
vietnamese.OtherIcons=Biểu tượng bổ sung:
vietnamese.Launch=Mở MotCua Desk
vietnamese.RemoveDataTitle=Gỡ cài đặt MotCua Desk
vietnamese.RemoveDataText=Chương trình sẽ được gỡ khỏi máy. Dữ liệu hồ sơ (cơ sở dữ liệu, các bản sao lưu, tệp PDF đã in) được GIỮ LẠI ở:%n%1%n%nChỉ đánh dấu ô dưới đây nếu chắc chắn không cần dữ liệu này nữa (ví dụ đã chuyển sang máy khác).
vietnamese.RemoveDataBox=Xóa luôn toàn bộ dữ liệu của tài khoản Windows này (không hoàn tác được)
vietnamese.RemoveDataConfirm=Xóa vĩnh viễn toàn bộ dữ liệu ở %1?
vietnamese.Continue=Tiếp tục
vietnamese.Cancel=Hủy
#endif
english.DesktopIcon=Create a desktop icon
english.OtherIcons=Additional icons:
english.Launch=Open MotCua Desk
english.RemoveDataTitle=Uninstall MotCua Desk
english.RemoveDataText=The program will be removed. The dossier data (database, backups, printed PDFs) is KEPT in:%n%1%n%nTick the box below only if you are sure it is no longer needed (for example, it was moved to another computer).
english.RemoveDataBox=Also delete all of this Windows account's data (cannot be undone)
english.RemoveDataConfirm=Permanently delete all the data in %1?
english.Continue=Continue
english.Cancel=Cancel

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; GroupDescription: "{cm:OtherIcons}"; Flags: unchecked

[InstallDelete]
; The bundle of the previous version: replaced as a whole, never mixed with the new one.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:Launch}"; Flags: nowait postinstall skipifsilent

[Code]
var
  RemoveData: Boolean;

function DataFolder(): String;
begin
  Result := ExpandConstant('{#DataDir}');
end;

{ Asks, with a check box that is off by default, whether to delete the data too. A silent
  uninstall never deletes it. }
function InitializeUninstall(): Boolean;
var
  Form: TSetupForm;
  Info: TNewStaticText;
  Box: TNewCheckBox;
  OkButton, CancelButton: TNewButton;
begin
  Result := True;
  RemoveData := False;
  if UninstallSilent or not DirExists(DataFolder()) then
    Exit;
#if Ver >= EncodeVer(6, 6, 0, 0)
  Form := CreateCustomForm(ScaleX(460), ScaleY(190), False, False);
#else
  Form := CreateCustomForm;
  Form.ClientWidth := ScaleX(460);
  Form.ClientHeight := ScaleY(190);
#endif
  try
    Form.Caption := CustomMessage('RemoveDataTitle');

    Info := TNewStaticText.Create(Form);
    Info.Parent := Form;
    Info.Left := ScaleX(12);
    Info.Top := ScaleY(12);
    Info.Width := Form.ClientWidth - ScaleX(24);
    Info.AutoSize := False;
    Info.WordWrap := True;
    Info.Height := ScaleY(100);
    Info.Caption := FmtMessage(CustomMessage('RemoveDataText'), [DataFolder()]);

    Box := TNewCheckBox.Create(Form);
    Box.Parent := Form;
    Box.Left := ScaleX(12);
    Box.Top := ScaleY(116);
    Box.Width := Form.ClientWidth - ScaleX(24);
    Box.Height := ScaleY(20);
    Box.Caption := CustomMessage('RemoveDataBox');
    Box.Checked := False;

    OkButton := TNewButton.Create(Form);
    OkButton.Parent := Form;
    OkButton.Width := ScaleX(90);
    OkButton.Height := ScaleY(24);
    OkButton.Left := Form.ClientWidth - ScaleX(196);
    OkButton.Top := Form.ClientHeight - ScaleY(36);
    OkButton.Caption := CustomMessage('Continue');
    OkButton.ModalResult := mrOk;
    OkButton.Default := True;

    CancelButton := TNewButton.Create(Form);
    CancelButton.Parent := Form;
    CancelButton.Width := ScaleX(90);
    CancelButton.Height := ScaleY(24);
    CancelButton.Left := Form.ClientWidth - ScaleX(100);
    CancelButton.Top := Form.ClientHeight - ScaleY(36);
    CancelButton.Caption := CustomMessage('Cancel');
    CancelButton.ModalResult := mrCancel;
    CancelButton.Cancel := True;

    Form.ActiveControl := OkButton;
    if Form.ShowModal() <> mrOk then
    begin
      Result := False;  { the user cancelled the uninstall }
      Exit;
    end;
    if Box.Checked then
      RemoveData := MsgBox(FmtMessage(CustomMessage('RemoveDataConfirm'), [DataFolder()]),
                           mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES;
  finally
    Form.Free();
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and RemoveData then
  begin
    DelTree(DataFolder(), True, True, True);
    RemoveDir(ExpandConstant('{localappdata}\MotCua'));  { only if now empty }
  end;
end;
