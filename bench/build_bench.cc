// End-to-end benchmarks through the public API: resolving and validating a pass, and building a
// signed .pkpass from the sample model. Key generation and model loading happen outside the loops.
#include <benchmark/benchmark.h>

#include "bench_fixtures.h"

namespace pkpass::bench {
namespace {

void BM_Resolve(benchmark::State& state) {
  const Model& model = CoffeeModel();
  for (auto _ : state) {
    Diagnostics diags;
    Result<ParsedOverrides> overrides = ParsedOverrides::Parse(Overrides(1), diags);
    auto pass_json = model.Resolve(*overrides, {}, diags);
    benchmark::DoNotOptimize(pass_json);
  }
}
BENCHMARK(BM_Resolve);

void BM_Build(benchmark::State& state) {
  const Model& model = CoffeeModel();
  const Signer& signer = DevSigner();
  size_t bytes = 0;
  for (auto _ : state) {
    Diagnostics diags;
    auto pkpass = model.Build(Overrides(1), signer, {.timestamp = 1700000000}, diags);
    if (!pkpass.ok()) {
      state.SkipWithError((pkpass.status().ToString() + "\n" + FormatText(diags)).c_str());
      break;
    }
    bytes += pkpass.ok() ? pkpass->size() : 0;
    benchmark::DoNotOptimize(pkpass);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Build)->Name("BM_Build/coffee")->Unit(benchmark::kMicrosecond);
// Every core building from one shared Model and Signer, as a batch does.
BENCHMARK(BM_Build)->Name("BM_Build/coffee/threads")->Unit(benchmark::kMicrosecond)
    ->ThreadRange(1, 2)->UseRealTime();

}  // namespace
}  // namespace pkpass::bench
