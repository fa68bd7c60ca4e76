#!/bin/sh
# Copies a forked server's runtime classpath into a folder, by running the parent-less build of that server (a folder
# next to this script: cassandra-server, temporal-test-server). Called by the devservices module's build (see
# ../pom.xml) with:
#   copy-server-classpath.sh <server build folder> <lib folder> <stamp> <maven home> <local repository> <build folder> [-Dname=value...]
# A folder already complete for this stamp (server and version, and whatever else its content depends on) is left
# alone: the nested Maven run costs seconds, and the module is built often. Any other folder (older version,
# interrupted copy) is replaced, never merged into.
set -eu
server="$1" lib="$2" stamp="$3" maven_home="$4" repository="$5" build="$6"
shift 6
complete="$lib/.complete-$stamp"
if [ -f "$complete" ]; then
  exit 0
fi
rm -rf "$lib"
"$maven_home/bin/mvn" --batch-mode --quiet \
  --file "$server/pom.xml" \
  -Dmaven.repo.local="$repository" \
  -Dserver.lib.dir="$lib" \
  -Dserver.build.dir="$build" \
  "$@" \
  package
touch "$complete"
