// Differential-test oracle: boost.regex exactly as Clearwater Sprout uses it
// (EnumService::parse_regex_replace / regex_replace in sprout/enumservice.cpp).
//
// Request, one per line on stdin:   hex(pattern) \t hex(input) \t hex(format)
// Response, one per line on stdout:
//   ERR \t <message>                         pattern does not compile (boost::regex_error)
//   EXC \t <message>                         matching threw (e.g. error_complexity)
//   OK \t <groups> \t hex(regex_replace output)
// where <groups> is "-" when regex_search finds nothing, else "start:end" for groups
// 0..mark_count joined by ",", with "-1:-1" for a group that did not take part.
// Hex is lowercase so tabs, newlines and backslashes survive the line protocol.
#include <boost/regex.hpp>
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>

namespace {

std::string decodeHex(const std::string& hex) {
  std::string out;
  out.reserve(hex.size() / 2);
  for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16)));
  }
  return out;
}

std::string encodeHex(const std::string& text) {
  static const char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(text.size() * 2);
  for (unsigned char c : text) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

// Messages go into a tab-separated line: flatten the separators.
std::string sanitizeMessage(std::string message) {
  for (char& c : message) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return message;
}

std::string answerRequest(const std::string& line) {
  const std::size_t tab1 = line.find('\t');
  const std::size_t tab2 = tab1 == std::string::npos ? std::string::npos : line.find('\t', tab1 + 1);
  if (tab2 == std::string::npos) return "ERR\tbad request line";
  const std::string pattern = decodeHex(line.substr(0, tab1));
  const std::string input = decodeHex(line.substr(tab1 + 1, tab2 - tab1 - 1));
  const std::string format = decodeHex(line.substr(tab2 + 1));

  boost::regex re;
  try {
    // Sprout: boost::regex(pattern, boost::regex::extended); a throw drops the rule.
    re.assign(pattern, boost::regex::extended);
  } catch (const std::exception& e) {
    return "ERR\t" + sanitizeMessage(e.what());
  }

  try {
    std::string groups;
    boost::smatch m;
    if (boost::regex_search(input, m, re)) {
      for (std::size_t i = 0; i <= re.mark_count(); ++i) {
        if (i > 0) groups += ',';
        if (i < m.size() && m[i].matched) {
          groups += std::to_string(m.position(i)) + ':' + std::to_string(m.position(i) + m.length(i));
        } else {
          groups += "-1:-1";
        }
      }
    } else {
      groups = "-";
    }
    // Sprout: boost::regex_replace(aus, regex, replace) with default flags.
    const std::string replaced = boost::regex_replace(input, re, format);
    return "OK\t" + groups + '\t' + encodeHex(replaced);
  } catch (const std::exception& e) {
    return "EXC\t" + sanitizeMessage(e.what());
  }
}

}  // namespace

int main() {
  std::ios::sync_with_stdio(false);
  std::string line;
  // Flush per answer: the caller reads concurrently and, if an answer never comes,
  // knows exactly which request hung (and restarts the helper after it).
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::cout << answerRequest(line) << '\n' << std::flush;
  }
  return 0;
}
