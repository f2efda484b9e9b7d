// Tags a marketer would put on a post for what kind of post it is, per top-level category.
export const formatTags: Record<string, string[]> = {
  'Product Launch': ['launch', 'new_product', 'new_release', 'pre_order', 'preorder', 'waitlist', 'product_launch'],
  'Promotions & Offers': ['sale', 'discount', 'giveaway', 'competition', 'contest', 'loyalty', 'offer', 'deal', 'voucher', 'free_delivery', 'promo', 'prize_draw', 'happy_hour', 'clearance', 'flash_sale', 'student_discount'],
  'Education & How-To': ['tips', 'guide', 'how_to', 'tutorial', 'faq', 'recipe', 'checklist', 'pro_tip', 'myth', 'beginners_guide'],
  'Behind the Scenes': ['behind_the_scenes', 'bts', 'team', 'process', 'founder', 'our_story', 'staff_spotlight', 'photoshoot', 'making_of'],
  'Customer Stories & Testimonials': ['review', 'reviews', 'testimonial', 'case_study', 'before_and_after', 'customer_story', 'five_star_review', 'google_review', 'success_story', 'client_spotlight', 'member_spotlight', 'transformation_tuesday'],
  Events: ['workshop', 'event', 'events', 'masterclass', 'webinar', 'market', 'pop_up', 'pop_up_shop', 'quiz_night', 'open_day', 'open_house', 'tasting', 'tasting_evening', 'launch_party', 'meetup', 'festival', 'grand_opening', 'cook_along', 'taster_session', 'christmas_market', 'talk_series', 'community_evening', 'q_and_a'],
  'Recruitment & Hiring': ['hiring', 'jobs', 'job_opening', 'apprenticeship', 'internship', 'careers', 'vacancy', 'recruitment', 'graduate_scheme'],
  'Community & Engagement': ['community', 'poll', 'charity', 'support_local', 'shop_small', 'food_bank', 'volunteering', 'local_partnership', 'collab', 'hospice', 'animal_shelter', 'community_garden'],
  'Seasonal & Holidays': ['christmas', 'easter', 'halloween', 'summer', 'autumn', 'winter', 'gift_guide', 'gift_ideas', 'gift_sets', 'valentines', 'diwali', 'eid', 'black_friday', 'mothers_day', 'fathers_day', 'new_year', 'lunar_new_year', 'thanksgiving', 'spooky_season', 'stocking_fillers', 'stocking_stuffers', 'summer_menu', 'festive_opening_hours', 'seasonal_range'],
  'Company News': ['award', 'awards', 'anniversary', 'milestone', 'new_location', 'opening_hours', 'rebrand', 'b_corp', 'expansion', 'renovation', 'refit', 'second_location', 'new_website', 'price_update', 'company_update', 'business_awards', 'small_business_of_the_year'],
};
