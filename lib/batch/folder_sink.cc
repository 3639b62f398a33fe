// FolderSink (pkpass/batch.h): passes as files of a folder, and bundles of them by a key.
#include <map>
#include <utility>
#include <vector>

#include "pkpass/batch.h"
#include "pkpass/prepared_pass.h"
#include "pkpass/verify.h"
#include "util/status_macros.h"

namespace pkpass {
namespace {

constexpr unsigned kPassMode = 0666;

// Why the passes `serials` cannot go into one bundle named `value` (an earlier bundle's name
// among `names` and `claimed`): "" when they can. `present` gets the passes found, with sizes.
Result<std::string> BundleProblem(const OutputDir& out, const std::string& value, size_t index,
                                  const std::vector<std::string>& serials, SerialRegistry& names,
                                  std::vector<std::string>& claimed,
                                  std::vector<std::pair<std::string, std::uint64_t>>& present) {
  std::string problem = PortableFileNameProblem(value + ".pkpasses");
  if (problem.empty()) {
    if (const size_t earlier = names.Claim(value, index)) {
      problem = "it names the same file as \"" + claimed[earlier - 1] +
                ".pkpasses\" on a file system that ignores case or Unicode normalisation";
    }
  }
  claimed.push_back(value);
  if (!problem.empty()) return "\"" + value + "\" cannot name a bundle's file: " + problem;
  std::uint64_t bytes = 0;
  for (const std::string& serial : serials) {
    Result<std::uint64_t> size = out.Size(serial + ".pkpass");
    if (!size.ok() && size.status().code() == StatusCode::kIoError) return size.status();
    if (!size.ok() || *size == 0) continue;  // its pass failed
    present.emplace_back(serial + ".pkpass", *size);
    bytes += *size;
    if (present.size() > kMaxBundlePasses) {
      return "the family has more than " + std::to_string(kMaxBundlePasses) +
             " passes (Apple: up to 10 passes or 150 MB)";
    }
    if (bytes > kMaxBundleBytes) {
      return "the family's passes make more than " + std::to_string(kMaxBundleBytes) +
             " bytes (Apple: up to 10 passes or 150 MB)";
    }
  }
  return std::string();
}

}  // namespace

struct FolderSink::Impl {
  const OutputDir& out;
  BatchReports& reports;
  std::string bundle_by;
  std::map<std::string, std::vector<std::string>> bundles;  // value -> serials, in record order
};

FolderSink::FolderSink(const OutputDir& out, BatchReports& reports)
    : impl_(std::make_unique<Impl>(Impl{out, reports, {}, {}})) {}
FolderSink::~FolderSink() = default;

bool FolderSink::Exists(const std::string& serial) const {
  Result<std::uint64_t> size = impl_->out.Size(serial + ".pkpass");
  return size.ok() && *size > 0;
}

Status FolderSink::Write(const std::string& serial, const ArchivePieces& pkpass) {
  return impl_->out.Write(serial + ".pkpass", std::span<const std::string_view>(pkpass.pieces), kPassMode,
                          /*durable=*/false);
}

Result<std::string> FolderSink::Read(const std::string& serial) const {
  return impl_->out.Read(serial + ".pkpass", kMaxArchiveBytes);
}

Status FolderSink::Failed(size_t number, const std::string& serial, const Diagnostics& diags, const Status& error) {
  return impl_->reports.Failed(number, serial, diags, error);
}

void FolderSink::FailedBundle(const std::string& name, const std::string& why) {
  (void)impl_->reports.FailedBundle(name, why);  // a report that fails says so when finished
}

Status FolderSink::Completed(size_t, const std::string& serial, const ParsedOverrides& overrides) {
  if (impl_->reports.keeps_completed()) PKPASS_RETURN_IF_ERROR(impl_->reports.Completed(overrides.ToJson()));
  if (impl_->bundle_by.empty()) return Status::Ok();
  if (const std::optional<std::string_view> value = overrides.text(impl_->bundle_by); value && !value->empty()) {
    impl_->bundles[std::string(*value)].push_back(serial);
  }
  return Status::Ok();
}

void FolderSink::BundleBy(std::string key) { impl_->bundle_by = std::move(key); }

bool FolderSink::any_bundle() const { return !impl_->bundles.empty(); }

Result<size_t> FolderSink::WriteBundles(std::int64_t mtime) {
  size_t failures = 0, index = 0;
  SerialRegistry names;  // bundle names compared as serials are: "ABC" and "abc" are one file
  std::vector<std::string> claimed;
  for (const auto& [value, serials] : impl_->bundles) {
    const std::string name = value + ".pkpasses";
    std::vector<std::pair<std::string, std::uint64_t>> present;
    Result<std::string> problem = BundleProblem(impl_->out, value, ++index, serials, names, claimed, present);
    if (!problem.ok()) return problem.status();
    if (problem->empty() && present.empty()) continue;
    std::vector<std::pair<std::string, std::string>> passes;
    for (size_t i = 0; problem->empty() && i < present.size(); ++i) {
      Result<std::string> pass = impl_->out.Read(present[i].first, kMaxBundleBytes);
      if (!pass.ok() && pass.status().code() == StatusCode::kIoError) return pass.status();
      if (!pass.ok()) *problem = pass.status().message();
      if (pass.ok()) passes.emplace_back(present[i].first, std::move(*pass));
    }
    Status made = Status::InvalidArgument(*problem);
    if (problem->empty()) {
      Result<std::string> bundle = MakeBundle(passes, mtime);
      made = bundle.ok() ? impl_->out.Write(name, *bundle) : bundle.status();
      if (made.code() == StatusCode::kIoError) return made;
    }
    if (made.ok()) continue;
    FailedBundle(name, made.message());
    ++failures;
  }
  return failures;
}

}  // namespace pkpass
