#include "pkpass/prepared_pass.h"

#include <algorithm>
#include <set>

#include "emit/archive_writer.h"
#include "pkpass/verify.h"
#include "util/safe_path.h"

namespace pkpass {

Result<std::string> MakeBundle(const std::vector<std::pair<std::string, std::string>>& passes,
                               std::int64_t mtime) {
  const std::string limits = " (Apple: up to " + std::to_string(kMaxBundlePasses) + " passes or 150 MB)";
  if (passes.empty()) return Status::InvalidArgument("a bundle needs at least one pass");
  if (passes.size() > kMaxBundlePasses) {
    return Status::InvalidArgument("a bundle of " + std::to_string(passes.size()) + " passes is past the limit of " +
                                   std::to_string(kMaxBundlePasses) + limits);
  }
  std::set<std::string> names;
  std::set<std::string_view> contents;
  std::vector<BundleFile> files;
  size_t bytes = 0;
  for (const auto& [name, pkpass] : passes) {
    if (!name.ends_with(".pkpass") || name.size() == 7 || name.find('/') != std::string::npos ||
        !IsSafeRelativePath(name)) {
      return Status::InvalidArgument("\"" + name + "\" is not a pass's file name: a plain name ending .pkpass");
    }
    if (!names.insert(name).second) return Status::InvalidArgument("\"" + name + "\" is in the bundle twice");
    if (!pkpass.starts_with("PK\x03\x04")) return Status::InvalidArgument(name + " is not a .pkpass archive");
    bytes += pkpass.size();
    if (bytes > kMaxBundleBytes) {
      return Status::InvalidArgument("the passes make more than " + std::to_string(kMaxBundleBytes) + " bytes" + limits);
    }
    files.push_back({name, pkpass, "", /*compress=*/false, nullptr});  // a pass is deflated already
  }
  // Each pass once its limits hold.
  for (const auto& [name, pkpass] : passes) {
    if (!contents.insert(pkpass).second) return Status::InvalidArgument(name + " is a pass the bundle has already");
    // Signed and whole: what Wallet would refuse, no bundle carries. The chain is the signer's
    // to trust; the signature must be intact.
    Diagnostics diags;
    VerifyOptions signature_only;
    signature_only.skip_chain_check = true;
    if (!Verify(pkpass, signature_only, diags).ok()) {
      const auto first = std::find_if(diags.begin(), diags.end(),
                                      [](const Diagnostic& d) { return d.severity == Severity::kError; });
      return Status::InvalidArgument(name + " is not a valid pass" +
                                     (first != diags.end() ? ": " + first->message + " [" + std::string(first->code) + "]" : ""));
    }
  }
  Result<std::string> archive = WriteArchive(files, mtime);
  if (archive.ok() && archive->size() > kMaxBundleBytes) {
    return Status::InvalidArgument("the bundle is " + std::to_string(archive->size()) + " bytes, past " +
                                   std::to_string(kMaxBundleBytes) + limits);
  }
  return archive;
}

}  // namespace pkpass
