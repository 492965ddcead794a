#!/usr/bin/env bash
# Puts the imported Google API protos (google/api/annotations.proto and http.proto: the HTTP
# bindings of each RPC) beside ours for buf, from the Google.Api.CommonProtos package that
# `dotnet restore` brought (the C# build finds them there by itself). Not committed: protos/google/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
version=$(sed -n 's/.*"Google.Api.CommonProtos" Version="\([^"]*\)".*/\1/p' "$ROOT/Directory.Packages.props")
packages=$(dotnet nuget locals global-packages --list | sed 's/^global-packages: *//')
source="$packages/google.api.commonprotos/$version/content/protos/google/api"
if [ ! -f "$source/annotations.proto" ]; then
  dotnet restore "$ROOT/src/Contracts" -v quiet >/dev/null
fi
mkdir -p "$ROOT/protos/google/api"
cp "$source/annotations.proto" "$source/http.proto" "$ROOT/protos/google/api/"
