// Apple's PassKit web service (the paths under a pass's webServiceURL): devices register for a
// pass's updates with its authenticationToken, ask which of their passes changed since a tag,
// fetch the latest pass, and send their logs. Paths, methods and statuses as Apple documents
// them:
//   POST   /v1/devices/{device}/registrations/{passTypeIdentifier}/{serial}  201 new, 200 known, 401
//   DELETE /v1/devices/{device}/registrations/{passTypeIdentifier}/{serial}  200, 401
//   GET    /v1/devices/{device}/registrations/{passTypeIdentifier}?passesUpdatedSince=TAG
//          200 {"serialNumbers": [...], "lastUpdated": "TAG"} (a string), 204 when none changed
//   GET|HEAD /v1/passes/{passTypeIdentifier}/{serial}  200 with Last-Modified, 304, 401
//   POST   /v1/log  200
// No API key: a pass's token (Authorization: ApplePass TOKEN) or, for the list, the device's
// library identifier is the secret. An unknown pass and a wrong token are both 401, so that
// neither tells which serials exist.
#ifndef PKPASS_SERVE_API_WEBSERVICE_H_
#define PKPASS_SERVE_API_WEBSERVICE_H_

#include <functional>
#include <string>

#include "api/api.h"
#include "passes.h"

namespace pkpass::serve {

class WebServiceApi : public Api {
 public:
  // `log` takes one JSON line per entry a device logs (may be empty: the entries are dropped).
  WebServiceApi(Passes& passes, std::function<void(const std::string&)> log)
      : passes_(passes), log_(std::move(log)) {}
  std::optional<Route> Match(std::string_view method, const std::vector<std::string>& segments) override;

  // The most entries one POST /v1/log keeps, and the most bytes of each.
  static constexpr size_t kMaxLogEntries = 100;
  static constexpr size_t kMaxLogEntryBytes = 1024;

 private:
  Response Register(const Request& request, const std::string& device, const std::string& type,
                    const std::string& serial);
  Response Unregister(const Request& request, const std::string& device, const std::string& type,
                      const std::string& serial);
  Response Updated(const Request& request, const std::string& device, const std::string& type);
  Response LatestPass(const Request& request, const std::string& type, const std::string& serial);
  Response Log(const Request& request);
  // The pass `type`/`serial` names when the request's ApplePass token is its token, else nullopt.
  Result<std::optional<StoredPass>> Authorized(const Request& request, const std::string& type,
                                               const std::string& serial);

  Passes& passes_;
  std::function<void(const std::string&)> log_;
};

// Whether `id` could be a deviceLibraryIdentifier: 1 to 128 of [A-Za-z0-9._-].
bool IsDeviceId(std::string_view id);

// `path` as a log may keep it: the deviceLibraryIdentifier of a /v1/devices/ path, which is the
// secret that lists a device's passes, replaced by "-".
std::string LoggedPath(std::string_view path);

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_API_WEBSERVICE_H_
