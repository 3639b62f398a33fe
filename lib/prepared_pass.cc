#include "pkpass/prepared_pass.h"

#include <vector>

#include "emit/archive_writer.h"
#include "internals.h"
#include "prepared_pass_impl.h"
#include "sign/cms.h"
#include "sign/cms_template.h"
#include "sign/signer_impl.h"
#include "util/status_macros.h"

namespace pkpass {

std::vector<BundleFile> PreparedPass::Impl::Files() const {
  std::vector<BundleFile> files;
  files.reserve(pass.files.size() + 3);
  // pass.json and manifest.json, made anew for every pass, are stored: deflating a few KB costs
  // more per pass (about 17 µs for both, mostly zlib's setup for so little input) than the bytes
  // it saves (under 1 KB of a 50-250 KB pass) cost to write. The model's text files are deflated
  // once, when it loads.
  files.push_back({"pass.json", pass_json, pass_json_sha1, false});
  for (const auto& [path, file] : pass.files) {
    files.push_back({path, file->bytes, file->sha1_hex, file->compress, &file->archived});
  }
  return files;
}

PreparedPass::PreparedPass(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PreparedPass Internals::MakePreparedPass(std::unique_ptr<PreparedPass::Impl> impl) {
  return PreparedPass(std::move(impl));
}
PreparedPass::PreparedPass(PreparedPass&&) noexcept = default;
PreparedPass& PreparedPass::operator=(PreparedPass&&) noexcept = default;
PreparedPass::~PreparedPass() = default;

Status PreparedPass::Sign() {
  const Signer::Impl& identity = Internals::Get(impl_->signer);
  const CmsTemplate* fast = (impl_->digest == Digest::kSha1 ? identity.sha1_template
                                                            : identity.sha256_template).get();
  PKPASS_ASSIGN_OR_RETURN(impl_->signature,
                          fast != nullptr
                              ? fast->Sign(impl_->manifest, impl_->signing_time)
                              : SignManifest(impl_->manifest, identity, impl_->digest,
                                             impl_->signing_time));
  return Status::Ok();
}

Result<std::string> PreparedPass::Archive() const {
  ArchivePieces pieces;
  PKPASS_RETURN_IF_ERROR(ArchiveTo(pieces));
  return pieces.Join();
}

Status PreparedPass::ArchiveTo(ArchivePieces& out) const {
  if (impl_->signature.empty()) return Status::InvalidArgument("the pass is not signed yet");
  std::vector<BundleFile> files = impl_->Files();
  files.push_back({"manifest.json", impl_->manifest, {}, false});
  files.push_back({"signature", impl_->signature, {}, false});
  return LayOutArchive(files, impl_->signing_time, out);
}

}  // namespace pkpass
