// VerifyBundle (include/pkpass/verify.h): the bundle's own limits from its central directory,
// then every pass through Verify, its problems placed inside it.
#include <map>

#include "pkpass/prepared_pass.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/verify.h"
#include "zip/archive_reader.h"
#include "util/status_macros.h"

namespace pkpass {

Status VerifyBundle(std::string_view bundle_bytes, const VerifyOptions& options, Diagnostics& diags) {
  std::map<std::string, std::string> passes;
  const ArchiveLimits limits{kMaxBundleBytes, kMaxBundlePasses, kMaxArchiveBytes, kMaxBundleBytes};
  Diagnostics outer;
  const std::string apple = " (Apple: up to 10 passes or 150 MB for a bundle of passes)";
  if (!ReadArchive(bundle_bytes, passes, outer, limits)) {
    for (const Diagnostic& d : outer) diags.Error(codes::kBundleInvalid, "", "", d.message + apple);
  } else if (passes.empty()) {
    diags.Error(codes::kBundleInvalid, "", "", "the bundle holds no pass");
  }
  Status first;
  for (const auto& [name, bytes] : passes) {
    if (!name.ends_with(".pkpass") || name.find('/') != std::string::npos) {
      diags.Error(codes::kBundleInvalid, name, "", "a bundle holds only .pkpass files, at its root");
      continue;
    }
    Diagnostics inner;
    const Status status = Verify(bytes, options, inner);
    if (!status.ok() && status.code() != StatusCode::kInvalidPass) return status;  // the trust root
    for (Diagnostic d : inner) {
      d.file = d.file.empty() ? name : name + "/" + d.file;
      diags.Add(std::move(d));
    }
  }
  if (options.strict) diags.PromoteWarnings();
  if (diags.has_errors()) {
    return ErrorsIn(diags.error_count(), "the bundle");
  }
  return Status::Ok();
}

}  // namespace pkpass
