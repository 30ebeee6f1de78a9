-- String building: 10^6 formatted pieces collected in a list, then joined.
local function build(n)
    local parts = {}
    for i = 0, n - 1 do
        parts[#parts + 1] = string.format("item %d;", i)
    end
    return table.concat(parts)
end

local s = build(1000000)
print(#s)
