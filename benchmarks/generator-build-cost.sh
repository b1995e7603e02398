#!/usr/bin/env bash
# Build-time cost of the Engram source generator, measured on the samples project:
#   with     the samples' sources, the generator as an analyzer (as samples/Engram.Samples builds)
#   without  the same sources plus the files the generator emitted, compiled as ordinary sources, no generator
# Both compile the same program; the difference is the generator's cost. Each is rebuilt REPS times, interleaved,
# after touching one source file so the compiler really runs (dependencies are built once and not rebuilt:
# --no-dependencies). Reports the median wall time of `dotnet build` and of the Csc task, and the generator's own
# execution time as the compiler reports it (-p:ReportAnalyzer=true).
#
# usage: benchmarks/generator-build-cost.sh [REPS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
reps=${1:-5}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

# Inside an obj/ folder of the repository (ignored by git), so Directory.Build.props/.targets apply as they do to
# the samples project.
work=benchmarks/Engram.Benchmarks/obj/generator-cost
rm -rf "$work"
mkdir -p "$work/with" "$work/without"

dotnet build samples/Engram.Samples -c Release -p:EmitCompilerGeneratedFiles=true -v:q -nologo >/dev/null
generated=$(find samples/Engram.Samples/obj/Release -path '*generated/Engram.Generators/*' -name '*.g.cs')
[ -n "$generated" ] || { echo "no generated files found under samples/Engram.Samples/obj/Release" >&2; exit 1; }

root='$(MSBuildThisFileDirectory)../../../../..'
for variant in with without; do
  cp samples/Engram.Samples/*.cs "$work/$variant/"
  analyzer=""
  if [ "$variant" = with ]; then
    analyzer="<ProjectReference Include=\"$root/generators/Engram.Generators/Engram.Generators.csproj\" OutputItemType=\"Analyzer\" ReferenceOutputAssembly=\"false\" />"
  else
    cp $generated "$work/$variant/"
  fi
  cat >"$work/$variant/Samples.csproj" <<EOF
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net10.0</TargetFramework>
    <RootNamespace>Engram.Samples</RootNamespace>
    <AssemblyName>Engram.Samples</AssemblyName>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$root/src/Engram/Engram.csproj" />
    <ProjectReference Include="$root/src/Engram.Cli/Engram.Cli.csproj" />
    $analyzer
  </ItemGroup>
</Project>
EOF
  dotnet build "$work/$variant" -c Release -v:q -nologo >/dev/null
done

median() { sort -n | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
for variant in with without; do : >"$work/$variant.wall"; : >"$work/$variant.csc"; done
for ((r = 1; r <= reps; r++)); do
  for variant in with without; do
    touch "$work/$variant/Program.cs"
    log="$work/$variant.log"
    start=$(date +%s.%N)
    dotnet build "$work/$variant" -c Release --no-restore --no-dependencies -nologo -clp:PerformanceSummary >"$log" 2>&1
    end=$(date +%s.%N)
    echo "$end - $start" | bc -l >>"$work/$variant.wall"
    # Task performance summary line: "   1234 ms  Csc   1 calls"
    grep -E '^ +[0-9]+ ms +Csc +[0-9]+ calls' "$log" | awk '{ print $1 / 1000 }' >>"$work/$variant.csc"
  done
done

touch "$work/with/Program.cs"
dotnet build "$work/with" -c Release --no-restore --no-dependencies -nologo -v:d -p:ReportAnalyzer=true >"$work/analyzer.log" 2>&1
# "   0.462    9      Engram.Generators.ExperimentGenerator" and "Total generator execution time: 4.893 seconds."
generator=$(grep -E '^ +[0-9.<]+ +[0-9<]+ +Engram\.Generators\.ExperimentGenerator *$' "$work/analyzer.log" | awk '{ print $1 }' | head -1 || true)
total_generators=$(grep -E 'Total generator execution time' "$work/analyzer.log" | grep -oE '[0-9]+\.[0-9]+' | head -1 || true)
others=$(sed -n '/Total generator execution time/,$p' "$work/analyzer.log" | grep -E '^ +[0-9.<]+ +[0-9<]+ +[A-Za-z.]+, Version=' | grep -v Engram.Generators | sort -rn | head -3 | awk '{ split($3, n, ","); printf "%s%s %s s", sep, n[1], $1; sep = "; " }' || true)

echo "| build of the samples project (median of $reps, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)) | dotnet build wall s | Csc task s |"
echo "|---|---:|---:|"
echo "| with the generator | $(median <"$work/with.wall" | xargs printf '%.2f') | $(median <"$work/with.csc" | xargs printf '%.2f') |"
echo "| without (its output compiled as plain sources) | $(median <"$work/without.wall" | xargs printf '%.2f') | $(median <"$work/without.csc" | xargs printf '%.2f') |"
echo
echo "Compiler-reported generator execution time (-p:ReportAnalyzer=true, one build): Engram's ExperimentGenerator ${generator:-?} s of ${total_generators:-?} s for all generators in the compilation (largest others: ${others:-?})."
