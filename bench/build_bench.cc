// End-to-end benchmarks through the public API: resolving and validating a pass, and building a
// signed .pkpass from the sample model. Key generation and model loading happen outside the loops.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "pkpass/pkpass.h"

namespace {

constexpr char kOverrides[] = R"({"serialNumber": "VT-2I77F5ADz", "sharingProhibited": true,
  "fields": [{"key": "name", "label": "Name", "value": "Fi-Lin,Chen"},
             {"key": "level", "value": "GOLD"}],
  "barcode": {"message": "1234567890", "altText": "1234567890"}})";

const pkpass::Model& CoffeeModel() {
  static const pkpass::Model model = [] {
    pkpass::Diagnostics diags;
    auto loaded = pkpass::Model::Load(PKPASS_SOURCE_DIR "/fixtures/models/coffee.pass", diags);
    if (!loaded.ok()) std::abort();
    return *loaded;
  }();
  return model;
}

const pkpass::Signer& DevSigner() {
  static const pkpass::Signer signer = [] {
    auto identity = pkpass::MakeDevIdentity({});
    if (!identity.ok()) std::abort();
    auto loaded = pkpass::Signer::FromPem(identity->signer_cert_pem, identity->signer_key_pem,
                                          identity->wwdr_pem);
    if (!loaded.ok()) std::abort();
    return *loaded;
  }();
  return signer;
}

void BM_Resolve(benchmark::State& state) {
  const pkpass::Model& model = CoffeeModel();
  for (auto _ : state) {
    pkpass::Diagnostics diags;
    auto pass_json = model.Resolve(kOverrides, {}, diags);
    benchmark::DoNotOptimize(pass_json);
  }
}
BENCHMARK(BM_Resolve);

void BM_Build(benchmark::State& state) {
  const pkpass::Model& model = CoffeeModel();
  const pkpass::Signer& signer = DevSigner();
  size_t bytes = 0;
  for (auto _ : state) {
    pkpass::Diagnostics diags;
    auto pkpass = model.Build(kOverrides, signer, {.timestamp = 1700000000}, diags);
    if (!pkpass.ok()) state.SkipWithError("build failed");
    bytes += pkpass.ok() ? pkpass->size() : 0;
    benchmark::DoNotOptimize(pkpass);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Build)->Name("BM_Build/coffee")->Unit(benchmark::kMicrosecond);

}  // namespace
