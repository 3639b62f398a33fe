// CsvRecords (include/pkpass/batch.h): libcsv splits the input into rows and cells; the header
// row becomes one Column a cell; each further row is written into native overrides through the
// importers' NativeBuilder, which types the values and remembers where each came from.
#include <cmath>
#include <csv.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <map>
#include <optional>

#include "import/native_builder.h"
#include "internals.h"
#include "pkpass/batch.h"
#include "pkpass/diagnostic_codes.h"
#include "schema/vocabulary.h"
#include "schema/pass_fields.h"
#include "util/utf8.h"

namespace pkpass {
namespace {

using Value = rapidjson::Value;

constexpr size_t kReadBytes = 64 * 1024;
constexpr size_t kMaxPlaces = 100;  // locations.N / beacons.N: N below this

// libcsv grows its cell buffer with this: past one record's limit it refuses, and the parse
// stops with CSV_ENOMEM instead of buffering a cell without end.
void* BoundedRealloc(void* p, size_t size) {
  return size > kMaxRecordBytes + 4096 ? nullptr : std::realloc(p, size);
}

// What a column of the header names.
struct Column {
  enum class Kind { kTop, kField, kObject, kPlace };
  Kind kind = Kind::kTop;
  std::string name;       // kTop: the key; kField: the field key; kObject/kPlace: "barcode", "locations"
  std::string attribute;  // kField: "" for the value; kObject/kPlace: the key inside
  size_t index = 0;       // kPlace: which location or beacon
  unsigned types = 0;     // kTop: the JSON types the vocabulary allows
};

// A row as libcsv gives it.
struct Row {
  size_t line = 0;
  std::vector<std::string> cells;
  bool too_long = false;
  size_t unclosed = 0;  // the column of a quoted cell the input ends in, or 0
};

std::string Place(size_t line, size_t column) { return std::to_string(line) + ":" + std::to_string(column); }

// Reads `text` as an index below kMaxPlaces.
std::optional<size_t> Index(std::string_view text) {
  if (text.empty() || text.size() > 2 || text.find_first_not_of("0123456789") != std::string_view::npos) {
    return std::nullopt;
  }
  const size_t n = static_cast<size_t>(std::stoi(std::string(text)));
  return n < kMaxPlaces ? std::optional<size_t>(n) : std::nullopt;
}

}  // namespace

struct CsvRecords::Impl {
  int fd;
  const Model::Impl& model;
  std::string file;
  csv_parser parser{};
  bool parser_ok = false;
  std::string buffer;  // read, not yet fed
  bool eof = false;
  bool started = false;  // the byte order mark has been looked for
  size_t line = 1;       // the physical line being fed
  bool at_row_start = true;
  size_t row_line = 1;
  Row current;
  size_t current_bytes = 0;
  std::deque<Row> rows;
  std::optional<std::vector<Column>> columns;  // from the header
  std::string error;                            // a problem that ends the records
  Diagnostics refusal;
  std::optional<ImportedPayload> origins;
  std::atomic<std::uint64_t> bytes{0};

  Impl(int fd_in, const Model::Impl& model_in, std::string file_in)
      : fd(fd_in), model(model_in), file(std::move(file_in)) {
    parser_ok = csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) == 0;
    if (parser_ok) csv_set_realloc_func(&parser, BoundedRealloc);
  }
  ~Impl() {
    if (parser_ok) csv_free(&parser);
  }

  static void OnCell(void* data, size_t size, void* self) {
    Impl& impl = *static_cast<Impl*>(self);
    impl.current_bytes += size;
    if (impl.current_bytes > kMaxRecordBytes) {
      impl.current.too_long = true;
      impl.current.cells.clear();
    }
    if (!impl.current.too_long) impl.current.cells.emplace_back(static_cast<const char*>(data), size);
  }

  static void OnRowEnd(int, void* self) {
    Impl& impl = *static_cast<Impl*>(self);
    impl.current.line = impl.row_line;
    impl.rows.push_back(std::move(impl.current));
    impl.current = Row();
    impl.current_bytes = 0;
    impl.at_row_start = true;
  }

  // Feeds one physical line (with its "\n", "\r\n" or lone "\r") to the parser.
  bool Feed(std::string_view text) {
    if (at_row_start && text.find_first_not_of("\r\n") != std::string_view::npos) {
      row_line = line;
      at_row_start = false;
    }
    if (csv_parse(&parser, text.data(), text.size(), OnCell, OnRowEnd, this) != text.size()) {
      const int code = csv_error(&parser);
      error = code == CSV_ENOMEM ? "a cell is longer than " + std::to_string(kMaxRecordBytes) + " bytes"
                                 : std::string("the CSV is malformed: ") + csv_strerror(code) +
                                       " (a quote inside a quoted cell is written twice: \"\")";
      error = file + " line " + std::to_string(line) + ": " + error;
      return false;
    }
    if (!text.empty() && (text.back() == '\n' || text.back() == '\r')) ++line;
    return true;
  }

  // Reads and feeds input until a row is ready or the input ends. Returns false on an error.
  bool Fill() {
    while (rows.empty() && !eof) {
      // A line ends at "\n", "\r\n" or a lone "\r" (a "\r" last in the buffer waits for the
      // next byte, unless the input has ended).
      const size_t newline = buffer.find_first_of("\r\n");
      if (newline != std::string::npos && (buffer[newline] == '\n' || newline + 1 < buffer.size())) {
        const size_t end = buffer[newline] == '\r' && buffer[newline + 1] == '\n' ? newline + 2 : newline + 1;
        const bool fed = Feed(std::string_view(buffer).substr(0, end));
        buffer.erase(0, end);
        if (!fed) return false;
        continue;
      }
      char chunk[kReadBytes];
      ssize_t n;
      do {
        n = ::read(fd, chunk, sizeof chunk);
      } while (n < 0 && errno == EINTR);
      if (n < 0) {
        error = "cannot read " + file + ": " + std::strerror(errno);
        return false;
      }
      if (n == 0) {
        eof = true;
        if (!Feed(buffer)) return false;
        buffer.clear();
        if (csv_fini(&parser, OnCell, OnRowEnd, this) != 0) {
          // The rest of the input is that cell: the row it opens in is refused; those before
          // it stand.
          Row open;
          open.line = row_line;
          open.unclosed = current.cells.size() + 1;
          rows.push_back(std::move(open));
        }
        break;
      }
      bytes += static_cast<std::uint64_t>(n);
      std::string_view got(chunk, static_cast<size_t>(n));
      if (!started) {
        started = true;
        if (got.starts_with("\xEF\xBB\xBF")) got.remove_prefix(3);
      }
      if (got.find('\0') != std::string_view::npos) {
        error = file + " holds a NUL byte: it is not CSV text";
        return false;
      }
      if (buffer.size() + got.size() > kMaxRecordBytes + kReadBytes && got.find_first_of("\r\n") == std::string_view::npos) {
        // A line without end: fed in pieces, so that the parser's own limit applies.
        buffer.append(got);
        const bool fed = Feed(buffer);
        buffer.clear();
        if (!fed) return false;
        continue;
      }
      buffer.append(got);
    }
    return true;
  }

  // Reads the header row into `columns`; false, with `error`, when a name is no place.
  bool ReadHeader(const Row& header) {
    std::vector<Column> list;
    std::map<std::string, size_t, std::less<>> seen;
    std::map<std::string, std::string> places;  // what a column sets -> the column's name
    const auto* names = [&]() -> const std::map<std::string, std::string, std::less<>>* {
      auto it = model.config.payload_fields.find("csv");
      return it == model.config.payload_fields.end() ? nullptr : &it->second;
    }();
    for (size_t i = 0; i < header.cells.size(); ++i) {
      const std::string& name = header.cells[i];
      const std::string where = file + " " + Place(header.line, i + 1) + ": ";
      if (!IsValidUtf8(name)) return Fail(where + "the column's name is not UTF-8");
      if (!seen.emplace(name, i).second) return Fail(where + "\"" + name + "\" names two columns");
      std::optional<Column> column = Parse(name, names);
      if (!column) {
        return Fail(where + "\"" + name + "\" is no place in the overrides: a top-level key, fields.KEY, "
                    "fields.KEY.ATTRIBUTE, barcode.message, nfc.KEY, userInfo.KEY, locations.N.KEY, "
                    "beacons.N.KEY or the key of one of the model's fields");
      }
      // Two names of one place ("name" and "fields.name"): one would silently win.
      const std::string place = std::to_string(static_cast<int>(column->kind)) + '\0' + column->name + '\0' +
                                column->attribute + '\0' + std::to_string(column->index);
      if (const auto [it, added] = places.emplace(place, name); !added) {
        return Fail(where + "\"" + name + "\" and \"" + it->second + "\" name one place in the overrides");
      }
      list.push_back(std::move(*column));
    }
    columns = std::move(list);
    return true;
  }

  bool Fail(std::string message) {
    error = std::move(message);
    return false;
  }

  std::optional<Column> Parse(const std::string& name,
                              const std::map<std::string, std::string, std::less<>>* names) const {
    Column c;
    const size_t dot = name.find('.');
    const std::string head = name.substr(0, dot);
    const std::string rest = dot == std::string::npos ? "" : name.substr(dot + 1);
    if (dot == std::string::npos) {
      if (const schema::Key* key = schema::FindOverride(name);
          key != nullptr && (key->types & (kJsonString | kJsonNumber | kJsonBool)) != 0) {
        c.kind = Column::Kind::kTop;
        c.name = name;
        c.types = key->types;
        return c;
      }
      std::string field = name;
      if (names != nullptr) {
        if (auto mapped = names->find(name); mapped != names->end()) field = mapped->second;
      }
      bool found = false;
      ForEachField(model.pass_json, [&](const rapidjson::Value& f, const JsonPointer&) {
        found = FieldKey(f) == field;
        return !found;
      });
      if (!found) return std::nullopt;
      c.kind = Column::Kind::kField;
      c.name = field;
      return c;
    }
    if (head == "fields" && !rest.empty()) {
      const size_t second = rest.find('.');
      c.kind = Column::Kind::kField;
      c.name = rest.substr(0, second);
      c.attribute = second == std::string::npos ? "" : rest.substr(second + 1);
      if (c.name.empty() || (second != std::string::npos && c.attribute.empty())) return std::nullopt;
      return c;
    }
    if ((head == "barcode" || head == "nfc" || head == "userInfo") && !rest.empty() &&
        rest.find('.') == std::string::npos) {
      c.kind = Column::Kind::kObject;
      c.name = head;
      c.attribute = rest;
      return c;
    }
    if (head == "locations" || head == "beacons") {
      const size_t second = rest.find('.');
      const std::optional<size_t> index = Index(rest.substr(0, second));
      if (!index || second == std::string::npos) return std::nullopt;
      c.kind = Column::Kind::kPlace;
      c.name = head;
      c.index = *index;
      c.attribute = rest.substr(second + 1);
      const bool known =
          schema::Find(head == "locations" ? schema::Dict::kLocation : schema::Dict::kBeacon, c.attribute) != nullptr;
      return known ? std::optional<Column>(c) : std::nullopt;
    }
    return std::nullopt;
  }

  // Whether `row` can be read at all against the header; else refusal says why.
  bool Fits(const Row& row) {
    if (row.unclosed != 0) {
      refusal.Error(codes::kCsvRow, file, Place(row.line, row.unclosed),
                    "a quoted cell opens here and is never closed: the rest of the file is in it");
      return false;
    }
    if (row.cells.size() > columns->size()) {
      refusal.Error(codes::kCsvRow, file, Place(row.line, columns->size() + 1),
                    "the row has " + std::to_string(row.cells.size()) + " cells; the header names " +
                        std::to_string(columns->size()) + " columns");
      return false;
    }
    return true;
  }

  // The cells of one row being made into overrides.
  struct RowState {
    const Row& row;
    NativeBuilder& out;
    std::map<std::string, size_t, std::less<>> fields;                      // field key -> entry
    std::map<std::pair<std::string, size_t>, std::vector<size_t>> places;  // (array, N) -> cells
    JsonPointer At(size_t i) const { return JsonPointer().Child(Place(row.line, i + 1)); }
  };

  // Puts cell `i` where its column says; a place's cells wait for AddPlaces.
  void AddCell(RowState& r, size_t i) {
    const std::string& cell = r.row.cells[i];
    const Column& c = (*columns)[i];
    switch (c.kind) {
      case Column::Kind::kTop:
        r.out.Set(c.name, Typed(cell, c.types, r.out), r.At(i));
        break;
      case Column::Kind::kField: {
        auto entry = r.fields.find(c.name);
        if (entry == r.fields.end()) {
          std::optional<size_t> index = r.out.Field(c.name, r.At(i));
          if (!index) break;
          entry = r.fields.emplace(c.name, *index).first;
        }
        if (c.attribute.empty()) {
          r.out.FieldValue(entry->second, r.out.String(cell), r.At(i));  // its own copy: the row's cells go
        } else {
          const bool flag = c.attribute == "hideEmpty" || c.attribute == "remove";
          r.out.FieldSet(entry->second, c.attribute, flag ? Typed(cell, kJsonBool, r.out) : r.out.String(cell),
                         r.At(i));
        }
        break;
      }
      case Column::Kind::kObject:
        r.out.SetIn(c.name, c.attribute, r.out.String(cell), r.At(i));
        break;
      case Column::Kind::kPlace:
        r.places[{c.name, c.index}].push_back(i);
        break;
    }
  }

  // One location or beacon from its cells, appended to `array`.
  void AddPlace(RowState& r, const std::string& array, const std::vector<size_t>& cells) {
    Value place(rapidjson::kObjectType);
    std::vector<std::pair<std::string, size_t>> sources;
    for (size_t i : cells) {
      const std::string& name = (*columns)[i].attribute;
      const Value cell(r.row.cells[i].data(), static_cast<rapidjson::SizeType>(r.row.cells[i].size()));
      Value value;
      if (name == "relevantText" || name == "proximityUUID") {
        value = r.out.String(r.row.cells[i]);
      } else if (name == "major" || name == "minor") {
        if (std::optional<int64_t> n = r.out.Integer(cell, r.At(i), 0, 999999999999, name)) value = Value(*n);
      } else if (std::optional<double> d = r.out.Number(cell, r.At(i), name)) {
        value = Value(*d);
      }
      if (value.IsNull()) continue;
      place.AddMember(r.out.String(name), std::move(value), r.out.alloc());
      sources.emplace_back(name, i);
    }
    const JsonPointer native = r.out.Append(array, std::move(place), r.At(cells.front()));
    for (const auto& [name, i] : sources) r.out.Record(native.Child(name), r.At(i));
  }

  // Writes `row` as native overrides into `record`; false, with refusal set, when it cannot be.
  bool Convert(const Row& row, std::string& record) {
    refusal = Diagnostics();
    origins.reset();
    if (!Fits(row)) return false;
    NativeBuilder out(&model, "csv", refusal, file);
    RowState r{row, out, {}, {}};
    for (size_t i = 0; i < row.cells.size(); ++i) {
      if (row.cells[i].empty()) continue;
      if (!IsValidUtf8(row.cells[i])) {
        out.Error(codes::kCsvRow, r.At(i), "the cell is not UTF-8");
        continue;
      }
      AddCell(r, i);
    }
    // Locations and beacons, in the order of N, each the cells given for it.
    for (const std::string array : {"locations", "beacons"}) {
      bool any = false;
      for (const auto& [key, cells] : r.places) {
        if (key.first != array) continue;
        if (!any) out.Set(array, Value(rapidjson::kArrayType), r.At(cells.front()));
        any = true;
        AddPlace(r, array, cells);
      }
    }
    ImportedPayload imported = out.Finish();
    if (refusal.has_errors()) return false;
    refusal = Diagnostics();  // warnings: a batch reports failures only
    record = imported.overrides();
    origins.emplace(std::move(imported));
    return true;
  }

  // A top-level cell as the vocabulary types the key: a number or true/false when it reads as
  // one and the key takes one, else the text.
  static Value Typed(const std::string& cell, unsigned types, NativeBuilder& out) {
    if ((types & kJsonBool) != 0) {
      std::string lower = cell;
      for (char& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      if (lower == "true") return Value(true);
      if (lower == "false") return Value(false);
    }
    if ((types & kJsonNumber) != 0) {
      char* end = nullptr;
      const double d = std::strtod(cell.c_str(), &end);
      if (end == cell.c_str() + cell.size() && cell.find_first_not_of("0123456789.-") == std::string::npos) {
        // Whole numbers within int64_t's range become integers (a cast past it is undefined).
        const bool whole = std::fabs(d) < 9.2e18 && d == std::trunc(d);
        return whole ? Value(static_cast<int64_t>(d)) : Value(d);
      }
    }
    return out.String(cell);
  }
};

CsvRecords::CsvRecords(int fd, const Model& model, std::string file_name)
    : impl_(std::make_unique<Impl>(fd, Internals::Get(model), std::move(file_name))) {}

CsvRecords::~CsvRecords() = default;

Result<RecordSource::Next> CsvRecords::Read(std::string& record, size_t& number) {
  Impl& impl = *impl_;
  if (!impl.parser_ok) return Status::Internal("libcsv could not be set up");
  while (true) {
    // Rows read before a problem that ends the records are given first.
    if (impl.rows.empty() && (!impl.error.empty() || (!impl.Fill() && impl.rows.empty()))) {
      return Status::InvalidArgument(impl.error);
    }
    if (impl.rows.empty()) return Next::kEnd;
    Row row = std::move(impl.rows.front());
    impl.rows.pop_front();
    if (!impl.columns) {
      if (row.too_long) return Status::InvalidArgument(impl.file + ": the header row is too long");
      if (row.unclosed != 0) return Status::InvalidArgument(impl.file + ": a quoted cell of the header is never closed");
      if (!impl.ReadHeader(row)) return Status::InvalidArgument(impl.error);
      continue;
    }
    number = row.line;
    record.clear();
    if (row.too_long) return Next::kTooLong;
    return impl.Convert(row, record) ? Next::kRecord : Next::kRefused;
  }
}

Diagnostics CsvRecords::Refusal() const { return impl_->refusal; }

const ImportedPayload* CsvRecords::Origins() const {
  return impl_->origins ? &*impl_->origins : nullptr;
}

std::uint64_t CsvRecords::bytes_read() const { return impl_->bytes.load(std::memory_order_relaxed); }

}  // namespace pkpass
