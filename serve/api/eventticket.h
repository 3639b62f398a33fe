// The event-ticket API (shared/seeds/002): one endpoint, POST /api/event-ticket, whose body's
// "action" says what to do (case-insensitively):
//   generatepass     make a pass of "pass-template-id" for "pass-id" (the caller's id: the serial)
//   updatepassdata   change the pass "pass-id" with "pass-data"
//   getpassdata      the pass's template, install link and status
// Answers {"status": "Success", "pass-id", "pass-install-url", "tracking-id"} or
// {"status": "Failure", "error-code", "error-message", "pass-id"} with pkpass's diagnostics.
#ifndef PKPASS_SERVE_API_EVENTTICKET_H_
#define PKPASS_SERVE_API_EVENTTICKET_H_

#include <string>

#include "api/api.h"
#include "passes.h"

namespace pkpass::serve {

class EventTicketApi : public Api {
 public:
  EventTicketApi(Passes& passes, std::string public_url) : passes_(passes), public_url_(std::move(public_url)) {}
  std::optional<Route> Match(std::string_view method, const std::vector<std::string>& segments) override;

 private:
  Response Handle(const Request& request);

  Passes& passes_;
  const std::string public_url_;
};

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_API_EVENTTICKET_H_
