// BatchReports (pkpass/batch.h): a batch's NDJSON error report and completed overrides.
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <mutex>
#include <utility>

#include "pkpass/batch.h"
#include "pkpass/diagnostic_codes.h"
#include "pkpass/files.h"

namespace pkpass {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

// One NDJSON file written a line at a time, from any thread, and put in place by Finish.
class NdjsonFile {
 public:
  Status Open(const std::optional<std::string>& path) {
    if (!path) return Status::Ok();
    const size_t slash = path->rfind('/');
    dir_ = std::make_unique<OutputDir>(slash == std::string::npos ? "." : slash == 0 ? "/" : path->substr(0, slash));
    Result<AtomicFile> file = dir_->Create(path->substr(slash + 1));
    if (!file.ok()) return file.status();
    file_.emplace(std::move(*file));
    return Status::Ok();
  }

  bool open() const { return file_.has_value(); }

  Status Add(std::string line) {
    line += '\n';
    std::lock_guard<std::mutex> lock(mu_);
    if (file_ && written_.ok()) written_ = file_->Append(line);
    return written_;
  }

  Status Finish() {
    std::lock_guard<std::mutex> lock(mu_);
    if (!file_) return Status::Ok();
    if (written_.ok()) written_ = file_->Commit(/*durable=*/true);
    file_.reset();
    return written_;
  }

 private:
  std::unique_ptr<OutputDir> dir_;  // the file's folder, open while it is written
  std::mutex mu_;
  std::optional<AtomicFile> file_;  // guarded by mu_
  Status written_;                  // guarded by mu_: the first failed write
};

// Writes `s`, at most kReportBytes of it, as valid UTF-8.
void String(Writer& w, std::string_view s) {
  const std::string valid = ToValidUtf8(s.substr(0, BatchReports::kReportBytes));
  w.String(valid.data(), static_cast<rapidjson::SizeType>(valid.size()));
}

// One line of the error report: the members `head` writes, then the first of `all`.
template <typename Head>
std::string ErrorLine(Head head, const Diagnostics& all) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  head(w);
  w.Key("diagnostics");
  const std::string list =
      FormatJson(FirstDiagnostics(all, BatchReports::kReportItems, BatchReports::kReportBytes));
  w.RawValue(list.data(), list.size(), rapidjson::kArrayType);
  w.EndObject();
  return buffer.GetString();
}

}  // namespace

struct BatchReports::Impl {
  NdjsonFile errors;
  NdjsonFile completed;
};

BatchReports::BatchReports() : impl_(std::make_unique<Impl>()) {}
BatchReports::~BatchReports() = default;

Status BatchReports::Open(const std::optional<std::string>& errors_path,
                          const std::optional<std::string>& completed_path) {
  if (Status opened = impl_->errors.Open(errors_path); !opened.ok()) return opened;
  return impl_->completed.Open(completed_path);
}

bool BatchReports::keeps_errors() const { return impl_->errors.open(); }
bool BatchReports::keeps_completed() const { return impl_->completed.open(); }

Status BatchReports::Failed(size_t line, const std::string& serial, const Diagnostics& diags, const Status& error) {
  if (!keeps_errors()) return Status::Ok();
  return impl_->errors.Add(ErrorLine(
      [&](Writer& w) {
        w.Key("line");
        w.Uint64(line);
        w.Key("serial");
        String(w, serial);
        if (!error.ok()) {
          w.Key("error");
          String(w, error.message());
        }
      },
      diags));
}

Status BatchReports::FailedBundle(const std::string& name, const std::string& why) {
  if (!keeps_errors()) return Status::Ok();
  Diagnostics diags;
  diags.Error(codes::kBundleInvalid, name, "", why);
  return impl_->errors.Add(ErrorLine(
      [&](Writer& w) {
        w.Key("bundle");
        String(w, name);
      },
      diags));
}

Status BatchReports::Completed(std::string_view overrides) { return impl_->completed.Add(std::string(overrides)); }

Status BatchReports::Finish(const Status& stopped) {
  const std::pair<std::string_view, Status> reports[] = {{"the error report", impl_->errors.Finish()},
                                                          {"the completed overrides", impl_->completed.Finish()}};
  Status status = stopped;
  for (const auto& [what, written] : reports) {
    if (status.ok() && !written.ok()) status = written;
  }
  if (status.ok()) return status;
  std::string message = "the batch stopped: " + status.message();
  for (const auto& [what, written] : reports) {
    if (status.message() != written.message() && !written.ok()) {
      message += "; and " + std::string(what) + " was not written: " + written.message();
    }
  }
  return Status::IoError(message);
}

}  // namespace pkpass
