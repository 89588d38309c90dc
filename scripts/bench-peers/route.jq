# The peer of pakn-route for the benchmark: jq doing the same work, a
# category -> agency lookup and the keyword rules of routing-rules/phu-tho.yaml
# with test().  Run: jq -c --slurpfile m category-agency.json -f route.jq
($m[0]) as $map
| ((.title // "") + "\n" + (.content // "")) as $t
| (if $t | test("xả thải|ô nhiễm|khói bụi|mùi hôi"; "i") then ["pollution-new", "pt-so-nnmt"]
   elif $t | test("(mất|cúp|cắt) điện"; "i") then ["power-cut", "dien-luc"]
   elif $t | test("hóa đơn (điện tử|GTGT|giá trị gia tăng|VAT)|(xuất|lập|hủy) hóa đơn"; "i") then ["tax-invoice", "thue-tinh"]
   elif $t | test("bảo hiểm xã hội|BHXH"; "i") then ["social-insurance", "bhxh-tinh"]
   elif $t | test("chậm giải quyết|chậm trả kết quả|quá hạn|trễ hẹn|trễ hạn"; "i") then ["procedure-delay-new", "pt-ttphcc"]
   elif $map[.category // ""] then ["category", $map[.category]]
   else [null, "pt-vp-ubnd"] end) as $r
| .agency = $r[1] | .route = {rule: $r[0]}
