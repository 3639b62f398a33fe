// PatchedRecords (include/pkpass/batch.h): stored overrides, patched as they are read.
#include <map>

#include "pkpass/batch.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/overrides.h"

namespace pkpass {

struct PatchedRecords::Impl {
  explicit Impl(RecordSource& source) : base(source) {}
  RecordSource& base;
  bool for_all = false;
  std::string all;  // the patch for every record
  struct Patch {
    size_t line;
    std::string text;
    bool used = false;
  };
  std::map<std::string, Patch, std::less<>> by_serial;
  std::map<std::string, Patch, std::less<>>::iterator unmatched;  // once the base has ended
  bool base_ended = false;
  Diagnostics refusal;
};

PatchedRecords::PatchedRecords(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PatchedRecords::~PatchedRecords() = default;

Result<std::unique_ptr<PatchedRecords>> PatchedRecords::PerSerial(RecordSource& base,
                                                                  std::string_view patches) {
  auto impl = std::make_unique<Impl>(base);
  size_t line = 0;
  while (!patches.empty()) {
    ++line;
    const size_t end = patches.find('\n');
    const std::string_view text = patches.substr(0, end);
    patches.remove_prefix(end == std::string_view::npos ? patches.size() : end + 1);
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    Diagnostics diags;
    Result<ParsedOverrides> parsed = ParsedOverrides::Parse(text, diags);
    const std::optional<std::string_view> serial = parsed.ok() ? parsed->serial_number() : std::nullopt;
    if (!serial) {
      return Status::InvalidArgument("patch line " + std::to_string(line) +
                                     ": a patch is a JSON object with the \"serialNumber\" of the pass it updates");
    }
    if (!impl->by_serial.emplace(std::string(*serial), Impl::Patch{line, std::string(text)}).second) {
      return Status::InvalidArgument("patch line " + std::to_string(line) + ": serialNumber \"" +
                                     std::string(*serial) + "\" has a patch already");
    }
  }
  return std::unique_ptr<PatchedRecords>(new PatchedRecords(std::move(impl)));
}

Result<std::unique_ptr<PatchedRecords>> PatchedRecords::ForAll(RecordSource& base, std::string patch) {
  Diagnostics diags;
  Result<ParsedOverrides> parsed = ParsedOverrides::Parse(patch, diags);
  if (!parsed.ok()) {
    return Status::InvalidArgument("the patch for every record is no overrides object: " +
                                   (diags.begin() != diags.end() ? diags.begin()->message : parsed.status().message()));
  }
  if (parsed->serial_number()) {
    return Status::InvalidArgument("a patch for every record cannot set serialNumber: every stored pass "
                                   "would be rebuilt under one serial, onto one file");
  }
  auto impl = std::make_unique<Impl>(base);
  impl->for_all = true;
  impl->all = std::move(patch);
  return std::unique_ptr<PatchedRecords>(new PatchedRecords(std::move(impl)));
}

Result<RecordSource::Next> PatchedRecords::Read(std::string& record, size_t& number) {
  Impl& impl = *impl_;
  impl.refusal = Diagnostics();
  while (!impl.base_ended) {
    Result<Next> next = impl.base.Read(record, number);
    if (!next.ok()) return next;
    if (*next == Next::kEnd) {
      impl.base_ended = true;
      impl.unmatched = impl.by_serial.begin();
      break;
    }
    if (*next == Next::kRefused) impl.refusal = impl.base.Refusal();
    if (*next != Next::kRecord) return next;
    const std::string* patch = impl.for_all ? &impl.all : nullptr;
    if (!impl.for_all) {
      Diagnostics ignored;
      Result<ParsedOverrides> parsed = ParsedOverrides::Parse(record, ignored);
      const std::optional<std::string_view> serial = parsed.ok() ? parsed->serial_number() : std::nullopt;
      auto found = serial ? impl.by_serial.find(*serial) : impl.by_serial.end();
      if (found == impl.by_serial.end()) continue;  // not updated: not rebuilt
      found->second.used = true;
      patch = &found->second.text;
    }
    Result<std::string> patched = PatchOverrides(record, *patch, impl.refusal);
    if (!patched.ok()) return Next::kRefused;
    record = std::move(*patched);
    return Next::kRecord;
  }
  for (; impl.unmatched != impl.by_serial.end(); ++impl.unmatched) {
    if (impl.unmatched->second.used) continue;
    number = impl.unmatched->second.line;
    impl.refusal.Error(codes::kPatchUnmatched, "patch", "/serialNumber",
                       "no stored record has serialNumber \"" + impl.unmatched->first + "\" (patch line " +
                           std::to_string(number) + ")");
    ++impl.unmatched;
    return Next::kRefused;
  }
  return Next::kEnd;
}

Diagnostics PatchedRecords::Refusal() const { return impl_->refusal; }

std::uint64_t PatchedRecords::bytes_read() const { return impl_->base.bytes_read(); }

}  // namespace pkpass
