@echo off
rem mail-oauth2, the command line. Runs lib\mail-oauth2-cli-<version>.jar of its installation (this file's ..\lib)
rem with %JAVA_HOME%\bin\java.exe if JAVA_HOME is set, else java from the PATH; %JAVA_OPTS% is passed to it, after
rem the launcher's own options for a short run (so it can override them).
setlocal
set "jar="
for %%f in ("%~dp0..\lib\mail-oauth2-cli-*.jar") do set "jar=%%~ff"
if not defined jar (
    echo mail-oauth2: no mail-oauth2-cli jar in %~dp0..\lib 1>&2
    exit /b 127
)
set "java=java"
if defined JAVA_HOME set "java=%JAVA_HOME%\bin\java"
"%java%" -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10 -XX:+UseSerialGC -XX:-UsePerfData -Xlog:disable -Xlog:all=warning:stderr %JAVA_OPTS% -cp "%jar%" io.github.mailoauth2.cli.Main %*
exit /b %ERRORLEVEL%
