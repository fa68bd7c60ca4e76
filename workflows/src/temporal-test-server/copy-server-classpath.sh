#!/bin/sh
# Copies the runtime classpath of Temporal's Java test server (temporal-test-server and its dependencies) into a
# folder, by running the parent-less build next to this script. Called by the workflows module's build (see
# ../../pom.xml) with:
#   copy-server-classpath.sh <lib folder> <temporal version> <maven home> <local repository> <build folder>
# A folder already complete for this version is left alone: the nested Maven run costs seconds, and the workflows
# module is built often. Any other folder (older version, interrupted copy) is replaced, never merged into.
set -eu
lib="$1" version="$2" maven_home="$3" repository="$4" build="$5"
# the suffix names the launcher's revision: a folder from before it is rebuilt
complete="$lib/.complete-temporal-test-server-$version-loopback-1"
if [ -f "$complete" ]; then
  exit 0
fi
rm -rf "$lib"
"$maven_home/bin/mvn" --batch-mode --quiet \
  --file "$(dirname "$0")/pom.xml" \
  -Dmaven.repo.local="$repository" \
  -Dtemporal.version="$version" \
  -Dserver.lib.dir="$lib" \
  -Dserver.build.dir="$build" \
  package
touch "$complete"
