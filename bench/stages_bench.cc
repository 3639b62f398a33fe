// One benchmark per pipeline stage, on the sample model or the model folder named by
// PKPASS_BENCH_MODEL: what a pass costs besides its one RSA-2048 signature.
#include <benchmark/benchmark.h>

#include <cstdlib>

#include "bench_fixtures.h"
#include "emit/archive_writer.h"
#include "model/model_loader.h"
#include "emit/manifest.h"
#include "emit/pass_json_writer.h"
#include "overrides/overrides.h"
#include "resolve/resolver.h"
#include "sign/cms.h"
#include "sign/cms_template.h"
#include "internals.h"
#include "sign/signer_impl.h"
#include "util/sha1.h"
#include "validate/validator.h"

namespace pkpass::bench {
namespace {

// The model's internals, as the driver sees them.
struct Stage {
  Stage() {
    Diagnostics diags;
    ParseOverrides(Overrides(1), overrides, diags);
    Resolve(Impl(), overrides, {}, pass, diags);
    pass_json = WritePassJson(pass.pass_json);
    pass_json_sha1 = Sha1Hex(pass_json);
    files.push_back({"pass.json", pass_json, pass_json_sha1, true});
    for (const auto& [path, file] : pass.files) {
      files.push_back({path, file->bytes, file->sha1_hex, file->compress, &file->archived});
    }
    manifest = WriteManifest(files);
  }
  static const Model::Impl& Impl();

  rapidjson::Document overrides;
  ResolvedPass pass;
  std::string pass_json, pass_json_sha1, manifest;
  std::vector<BundleFile> files;
};

// Reaches the compiled model behind the public Model the way tests do: through a resolve of the
// same files.
const Model::Impl& Stage::Impl() {
  static const std::shared_ptr<const Model::Impl> impl = [] {
    std::map<std::string, std::string> files;
    Diagnostics diags;
    const char* model = std::getenv("PKPASS_BENCH_MODEL");
    if (!ReadModelDirectory(model != nullptr ? model : PKPASS_SOURCE_DIR "/fixtures/models/coffee.pass", files,
                            diags).ok()) {
      std::abort();
    }
    return CompileModel(files, diags);
  }();
  return *impl;
}

const Stage& TheStage() {
  static const Stage stage;
  return stage;
}

void BM_ParseOverrides(benchmark::State& state) {
  const std::string json = Overrides(1);
  for (auto _ : state) {
    rapidjson::Document doc;
    Diagnostics diags;
    benchmark::DoNotOptimize(ParseOverrides(json, doc, diags));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * json.size()));
}
BENCHMARK(BM_ParseOverrides);

void BM_Resolve(benchmark::State& state) {
  const Stage& stage = TheStage();
  for (auto _ : state) {
    ResolvedPass pass;
    Diagnostics diags;
    Resolve(Stage::Impl(), stage.overrides, {}, pass, diags);
    benchmark::DoNotOptimize(pass.pass_json.MemberCount());
  }
}
BENCHMARK(BM_Resolve);

void BM_Validate(benchmark::State& state) {
  const Stage& stage = TheStage();
  for (auto _ : state) {
    Diagnostics diags;
    Validate(stage.pass, nullptr, diags);
    benchmark::DoNotOptimize(diags.size());
  }
}
BENCHMARK(BM_Validate);

void BM_WritePassJson(benchmark::State& state) {
  const Stage& stage = TheStage();
  for (auto _ : state) benchmark::DoNotOptimize(WritePassJson(stage.pass.pass_json));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * stage.pass_json.size()));
}
BENCHMARK(BM_WritePassJson);

void BM_Manifest(benchmark::State& state) {
  const Stage& stage = TheStage();
  for (auto _ : state) {
    benchmark::DoNotOptimize(Sha1Hex(stage.pass_json));
    benchmark::DoNotOptimize(WriteManifest(stage.files));
  }
}
BENCHMARK(BM_Manifest);

// Times `sign`, which returns a Result<std::string> signature of the stage's manifest.
template <typename Sign>
void SignLoop(benchmark::State& state, Sign sign) {
  for (auto _ : state) {
    Result<std::string> signature = sign(TheStage().manifest);
    if (!signature.ok()) {
      state.SkipWithError(signature.status().ToString().c_str());
      break;
    }
    benchmark::DoNotOptimize(signature);
  }
}

void BM_Sign(benchmark::State& state) {
  const Signer::Impl& signer = Internals::Get(DevSigner());
  SignLoop(state, [&](std::string_view manifest) {
    return SignManifest(manifest, signer, Digest::kSha256, 1700000000);
  });
}
BENCHMARK(BM_Sign)->Unit(benchmark::kMicrosecond);

void BM_SignFromTemplate(benchmark::State& state) {
  const Signer::Impl& signer = Internals::Get(DevSigner());
  SignLoop(state, [&](std::string_view manifest) {
    return signer.sha256_template->Sign(manifest, 1700000000);
  });
}
BENCHMARK(BM_SignFromTemplate)->Unit(benchmark::kMicrosecond);

void BM_Archive(benchmark::State& state) {
  const Stage& stage = TheStage();
  std::vector<BundleFile> files = stage.files;
  files.push_back({"manifest.json", stage.manifest, {}, true});
  const std::string signature(1900, 's');
  files.push_back({"signature", signature, {}, false});
  size_t bytes = 0;
  for (auto _ : state) {
    Result<std::string> zip = WriteArchive(files, 1700000000);
    bytes += zip->size();
    benchmark::DoNotOptimize(zip);
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}
BENCHMARK(BM_Archive)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace pkpass::bench
