// The public links every vendor's answers hand out, which need no API key:
//   GET /d/{passId}              a small HTML page: the pass's name, an "Add to Apple Wallet"
//                                link, and a QR code of the page's own URL for desktop visitors
//   GET /d/{passId}/pass.pkpass  the pass, as application/vnd.apple.pkpass (Safari takes no other)
// A passId is 12 random characters (71 bits): the link is the capability. Pass2U's settings for
// its download page hold here: "status": 2 (not accessible) answers 403, and a "passcode" must
// be given (?passcode=..., asked for by a form on the page) before the pass is handed out.
#ifndef PKPASS_SERVE_API_DOWNLOAD_H_
#define PKPASS_SERVE_API_DOWNLOAD_H_

#include <string>

#include "api/api.h"
#include "passes.h"

namespace pkpass::serve {

class DownloadApi : public Api {
 public:
  DownloadApi(Passes& passes, std::string public_url) : passes_(passes), public_url_(std::move(public_url)) {}
  std::optional<Route> Match(std::string_view method, const std::vector<std::string>& segments) override;

 private:
  Response Page(const Request& request, const std::string& id);
  Response File(const Request& request, const std::string& id);

  Passes& passes_;
  const std::string public_url_;
};

// An SVG image of the QR code of `text` (error correction M, a 4-module quiet zone), or "" when
// it cannot be encoded.
std::string QrSvg(const std::string& text);

}  // namespace pkpass::serve

#endif  // PKPASS_SERVE_API_DOWNLOAD_H_
