// What a PreparedPass holds between Model::Prepare and its Sign and Archive steps.
#ifndef PKPASS_PREPARED_PASS_IMPL_H_
#define PKPASS_PREPARED_PASS_IMPL_H_

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "emit/bundle.h"
#include "pkpass/model.h"
#include "pkpass/prepared_pass.h"
#include "pkpass/signer.h"
#include "resolve/resolved_pass.h"

namespace pkpass {

struct PreparedPass::Impl {
  Impl(std::shared_ptr<const Model::Impl> m, Signer s) : model(std::move(m)), signer(std::move(s)) {}

  std::shared_ptr<const Model::Impl> model;  // keeps the files `pass` points to alive
  Signer signer;
  Digest digest = Digest::kSha256;
  std::int64_t signing_time = 0;
  ResolvedPass pass;
  std::string pass_json;
  std::string pass_json_sha1;
  std::string manifest;
  std::string signature;  // empty until Sign

  // The pass's files in archive order but manifest.json and signature: pass.json, then the
  // others by path.
  std::vector<BundleFile> Files() const;
};

}  // namespace pkpass

#endif  // PKPASS_PREPARED_PASS_IMPL_H_
