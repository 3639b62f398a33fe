// PatchedRecords (include/pkpass/batch.h): stored overrides, patched as they are read.
#include <map>

#include "batch/update_bodies.h"
#include "overrides/overrides.h"
#include "pkpass/batch.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/overrides.h"

namespace pkpass {

struct PatchedRecords::Impl {
  explicit Impl(RecordSource& source) : base(source) {}
  RecordSource& base;
  bool for_all = false;
  std::string all;  // the patch for every record
  std::optional<UpdateFilter> filter;  // which records `all` applies to; all when none
  struct Patch {
    size_t line;
    std::string text;
    Diagnostics problems;  // the body's own errors refuse its record
    bool used = false;
  };
  std::map<std::string, Patch, std::less<>> by_serial;
  std::map<std::string, Patch, std::less<>>::iterator unmatched;  // once the base has ended
  bool base_ended = false;
  Diagnostics refusal;
};

PatchedRecords::PatchedRecords(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
PatchedRecords::~PatchedRecords() = default;

namespace {

// The name of the id that says which pass a body of `from` updates.
std::string_view IdName(PayloadFormat from) {
  switch (from) {
    case PayloadFormat::kEventTicket: return "\"pass-id\"";
    case PayloadFormat::kAirship: return "\"externalId\"";
    case PayloadFormat::kPasscreator: return "\"data\": {\"userProvidedId\"}";
    case PayloadFormat::kPass2u: break;
  }
  return "\"serialNumber\" (or Pass2U's \"passId\")";
}

// ": <file> <pointer>: <message>" of the first error of `diags`, or "".
std::string FirstError(const Diagnostics& diags) {
  for (const Diagnostic& d : diags) {
    if (d.severity == Severity::kError) return ": " + d.file + " " + d.pointer + ": " + d.message;
  }
  return "";
}

}  // namespace

Result<std::unique_ptr<PatchedRecords>> PatchedRecords::PerSerial(RecordSource& base, std::string_view patches,
                                                                  PayloadFormat from, const Model* model) {
  auto impl = std::make_unique<Impl>(base);
  size_t line = 0;
  while (!patches.empty()) {
    ++line;
    const size_t end = patches.find('\n');
    const std::string_view text = patches.substr(0, end);
    patches.remove_prefix(end == std::string_view::npos ? patches.size() : end + 1);
    if (text.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    UpdateBody body = ReadUpdateBody(from, text, model, "patch:" + std::to_string(line));
    if (!body.serial) {
      return Status::InvalidArgument("patch line " + std::to_string(line) + ": an update names the pass it updates by " +
                                     std::string(IdName(from)) + FirstError(body.problems));
    }
    const std::string serial = *body.serial;
    if (!impl->by_serial.emplace(serial, Impl::Patch{line, std::move(body.patch), std::move(body.problems)}).second) {
      return Status::InvalidArgument("patch line " + std::to_string(line) + ": serialNumber \"" + serial +
                                     "\" has a patch already");
    }
  }
  return std::unique_ptr<PatchedRecords>(new PatchedRecords(std::move(impl)));
}

Result<std::unique_ptr<PatchedRecords>> PatchedRecords::ForAll(RecordSource& base, std::string patch,
                                                               PayloadFormat from, const Model* model) {
  auto impl = std::make_unique<Impl>(base);
  if (from == PayloadFormat::kPasscreator) {
    // A bulk PATCH: its "filter" picks the passes, its "data" is the update.
    rapidjson::Document doc;
    Diagnostics diags;
    if (ParseOverrides(patch, doc, diags, "patch")) {
      if (const rapidjson::Value* filter = Member(doc, "filter")) {
        Result<UpdateFilter> parsed = UpdateFilter::Passcreator(*filter, model);
        if (!parsed.ok()) return parsed.status();
        impl->filter.emplace(std::move(*parsed));
        doc.RemoveMember("filter");
        patch = WriteJson(doc);
      }
    }
  }
  UpdateBody body = ReadUpdateBody(from, patch, model, "patch");
  if (body.problems.has_errors()) {
    return Status::InvalidArgument("the patch for every record cannot be applied" + FirstError(body.problems));
  }
  if (body.serial) {
    return Status::InvalidArgument("a patch for every record cannot set serialNumber: every stored pass "
                                   "would be rebuilt under one serial, onto one file");
  }
  impl->for_all = true;
  impl->all = std::move(body.patch);
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
    if (impl.filter) {
      rapidjson::Document doc;
      Diagnostics ignored;
      if (!ParseOverrides(record, doc, ignored) || !impl.filter->Matches(doc)) continue;  // not picked
    }
    if (!impl.for_all) {
      Diagnostics ignored;
      Result<ParsedOverrides> parsed = ParsedOverrides::Parse(record, ignored);
      const std::optional<std::string_view> serial = parsed.ok() ? parsed->serial_number() : std::nullopt;
      auto found = serial ? impl.by_serial.find(*serial) : impl.by_serial.end();
      if (found == impl.by_serial.end()) continue;  // not updated: not rebuilt
      found->second.used = true;
      if (found->second.problems.has_errors()) {
        impl.refusal = found->second.problems;
        return Next::kRefused;
      }
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
