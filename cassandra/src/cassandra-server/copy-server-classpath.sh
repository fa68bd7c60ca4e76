#!/bin/sh
# Copies the Cassandra server's runtime classpath (cassandra-all and its dependencies) into a folder, by running
# the parent-less build next to this script. Called by the cassandra module's build (see ../../pom.xml) with:
#   copy-server-classpath.sh <lib folder> <cassandra version> <maven home> <local repository> <build folder>
# A folder already complete for this version is left alone: the nested Maven run costs ~6 s, and the cassandra
# module is built often. Any other folder (older version, interrupted copy) is replaced, never merged into.
set -eu
lib="$1" version="$2" maven_home="$3" repository="$4" build="$5"
complete="$lib/.complete-cassandra-$version"
if [ -f "$complete" ]; then
  exit 0
fi
rm -rf "$lib"
"$maven_home/bin/mvn" --batch-mode --quiet \
  --file "$(dirname "$0")/pom.xml" \
  -Dmaven.repo.local="$repository" \
  -Dcassandra.version="$version" \
  -Dserver.lib.dir="$lib" \
  -Dserver.build.dir="$build" \
  package
touch "$complete"
