-- `make bench`, "search, a new query each request": wrk -s bench/new_search.lua URL -- RUN
--
-- Every request asks a search no one has asked before, so none is answered from the stored
-- pages (publishing.sitepages keys them on the query as typed): one of the readers' queries
-- below, followed by a number of its own (the run's number RUN, new for every wrk run; the
-- wrk thread; a counter) written as stopwords. The search drops stopwords, so each query
-- finds what the reader's query finds; a number written as digits would be a search word,
-- match nothing, and measure only the cheaper "No results" page.
-- Each request also comes from an address of its own (X-Forwarded-For, read because the
-- bench's site trusts one proxy), as new searches come from many readers: one client may
-- search 60 times a minute.

local queries = {
   "calf cramps", "leg cramps at night", "lower back pain", "chest pain",
   "swollen ankles", "numb feet", "always tired", "back pain shooting down my leg",
}
local digits = { "the", "of", "and", "to", "in", "a", "for", "with" }
local threads = 0

function setup(thread)
   threads = threads + 1
   thread:set("id", threads)
end

function init(args)
   run = tonumber(args[1]) or 0
   count = 0
end

local function as_stopwords(n)
   local words = {}
   repeat
      table.insert(words, digits[n % 8 + 1])
      n = math.floor(n / 8)
   until n == 0
   return table.concat(words, "+")
end

function request()
   count = count + 1
   local n = run * 10000000 + id * 1000000 + count
   local q = queries[count % #queries + 1]:gsub(" ", "+") .. "+" .. as_stopwords(n)
   local address = string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
   return wrk.format("GET", "/search/?q=" .. q, { ["X-Forwarded-For"] = address })
end
